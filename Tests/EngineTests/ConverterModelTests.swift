import Foundation
import Testing

@testable import Engine

/// Realistic converter output (tools/reference/make_models.py: TensorFlow's converter, full-integer int8, random
/// weights): our outputs must equal BUILTIN_REF's, saved beside each model, byte for byte, with every variant.
@Suite struct ConverterModelTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("models-int8/test")

    static let models = ["mobilenet_v2_035_160", "pose_like_192", "detector_like_160"]

    /// The keypoint head (`make_models.py OUT pose_head_24`): HARD_SWISH, SOFTMAX over [1,17,576], TANH, LOGISTIC,
    /// a float32 output; kept with the engine's own fixtures.
    static let fixtureModels = ["pose_head_24"]

    @Test(arguments: models + fixtureModels) func matchesReference(model name: String) throws {
        let directory = Self.fixtureModels.contains(name) ? Fixtures.directory : Self.directory
        let bytes = [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).tflite")))
        for variant in KernelVariant.allCases where variant.isAvailable {
            let model = try InferenceModel(bytes: bytes, kernels: variant)
            for position in model.model.inputs.indices {
                let input = try NumpyArray(
                    bytes: [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).input\(position).npy"))))
                try input.data.withUnsafeBytes { try model.setInput(position, $0) }
            }
            model.invoke()
            for position in model.model.outputs.indices {
                let expected = try NumpyArray(
                    bytes: [UInt8](try Data(contentsOf: directory.appendingPathComponent("\(name).expected\(position).npy"))))
                let tensor = model.model.tensors[model.model.outputs[position]]
                #expect(tensor.shape == expected.shape, "\(name) output \(position)")
                let actual = Array(model.output(position))
                let differing = zip(actual, expected.data).filter { $0 != $1 }.count
                #expect(actual == expected.data, "\(name) output \(position) with \(variant): \(differing) of \(actual.count) bytes differ")
            }
        }
    }
}
