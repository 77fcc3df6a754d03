import Engine
import Foundation
import Inventory
import ModelCatalog

/// The three perception models on closetd's engine, checked against their contracts at load: pose
/// (192×192 RGB → 17 × (y, x, score)), garment detector (256×192 RGB → scores [768, 5], boxes [768, 5 × 4]) and garment
/// classifier (N×N RGB → 13 logits, an embedding of 8 to 4096 values; or, conditioned, [5, 13] logits and a [5, D]
/// embedding: a row per coarse class of the detector, read for the class the crop was cut for). Outputs may be
/// float32 or quantized int8/uint8.
///
/// Not thread-safe: one pipeline owns it.
public final class PerceptionModels {
    /// One loaded model and where its outputs are.
    struct Loaded {
        let model: InferenceModel
        let inputWidth: Int, inputHeight: Int
        /// Whether the input tensor is int8 (uint8 - 128) rather than uint8.
        let int8Input: Bool
    }

    let pose: Loaded, detector: Loaded, garment: Loaded
    let poseOutput: Int, scoresOutput: Int, boxesOutput: Int, logitsOutput: Int, embeddingOutput: Int
    /// The classifier's labels, in its logits order.
    public let garmentLabels: [GarmentCategory]
    /// The space the classifier's embeddings lie in: the garment model's SHA-256 (hex, from the manifest, checked
    /// against the file). Embeddings of two models cannot be compared.
    public let embeddingSpace: String
    /// Rows of the garment model's outputs: 1, or one per coarse class (`CoarseGarmentClass`, in its order) for a
    /// conditioned model, whose attention and heads are those of the class it is asked about: a crop of a top under
    /// an open jacket is framed much like the jacket's own.
    public let garmentConditions: Int
    /// The side of the garment model's square input: crops are fitted to it.
    public var garmentInputSide: Int { garment.inputWidth }
    /// Multiply-accumulates per invoke of each model.
    public var macs: (pose: Int, detector: Int, garment: Int) {
        (pose.model.macs, detector.model.macs, garment.model.macs)
    }

    /// The classifier's labels in the contract's order.
    public static let contractGarmentLabels: [GarmentCategory] = [
        .dresses, .tops, .tshirts, .shirts, .blouses, .jackets, .shorts, .pants, .jeans, .skirts, .jumpsuits, .coats, .shoes,
    ]

    /// Loads the models that `folder`'s `manifest.json` lists, each after checking its SHA-256 against the manifest
    /// (a changed or damaged file is refused), then checks each against its contract.
    public init(folder: String, kernels: KernelVariant = .best) throws(PerceptionError) {
        let manifest: ModelManifest
        do {
            manifest = try ModelManifest(folder: folder)
        } catch {
            throw PerceptionError(.badManifest, error.description)
        }
        let manifestPath = ModelManifest.path(in: folder)
        func entry(_ name: String) throws(PerceptionError) -> ModelManifest.Entry {
            do { return try manifest.entry(named: name) } catch { throw PerceptionError(.badManifest, error.description) }
        }
        let garmentEntry = try entry("garment")
        var labels: [GarmentCategory] = []
        for label in garmentEntry.labels {
            guard let category = GarmentCategory(parsing: label) else {
                throw PerceptionError(
                    .badManifest, "\(manifestPath): garment label '\(label)' is not a category (\(GarmentCategory.namesList))")
            }
            labels.append(category)
        }
        garmentLabels = labels.isEmpty ? Self.contractGarmentLabels : labels
        embeddingSpace = garmentEntry.sha256.lowercased()
        /// `fits(height, width)` says whether the model's input size is one closetd can feed; `expected` words it.
        func load(_ name: String, expected: String, fits: (_ height: Int, _ width: Int) -> Bool)
            throws(PerceptionError) -> Loaded
        {
            let path = folder + "/" + (try entry(name)).file
            let bytes: [UInt8]
            do {
                bytes = try manifest.verifiedModel(named: name)
            } catch {
                throw PerceptionError(.badModel, error.description)
            }
            let model: InferenceModel
            do {
                model = try InferenceModel(bytes: bytes, kernels: kernels)
            } catch {
                throw PerceptionError(.badModel, "\(path): \(error)")
            }
            guard model.model.inputs.count == 1 else {
                throw PerceptionError(.badModel, "\(path): expected 1 input, found \(model.model.inputs.count)")
            }
            let input = model.model.tensors[model.model.inputs[0]]
            guard input.shape.count == 4, input.shape[0] == 1, input.shape[3] == 3, fits(input.shape[1], input.shape[2]),
                input.type == .uint8 || input.type == .int8
            else {
                throw PerceptionError(.badModel, "\(path): input is \(input.type)\(input.shape), expected \(expected)")
            }
            let height = input.shape[1], width = input.shape[2]
            return Loaded(model: model, inputWidth: width, inputHeight: height, int8Input: input.type == .int8)
        }
        pose = try load("pose", expected: "uint8[1, 192, 192, 3]") { $0 == 192 && $1 == 192 }
        detector = try load("detector", expected: "uint8[1, 256, 192, 3]") { $0 == 256 && $1 == 192 }
        // The garment model's side is its own (96 up to 1.7.1, 128 from 1.8.0): crops are fitted to it.
        garment = try load("garment", expected: "uint8[1, N, N, 3] with N in 32...512") { $0 == $1 && (32...512).contains($0) }
        /// The output the manifest names for `role`, which must hold `elements` values.
        func output(_ loaded: Loaded, _ name: String, role: String, elements: ClosedRange<Int>) throws(PerceptionError)
            -> Int
        {
            let file = (try entry(name)).file
            let description = loaded.model.model
            let outputs = description.outputs.map { description.tensors[$0] }
            guard let position = outputs.firstIndex(where: { $0.name == role }) else {
                throw PerceptionError(
                    .badModel, "\(file): no output named '\(role)' (it has \(outputs.map(\.name).joined(separator: ", ")))")
            }
            guard elements.contains(outputs[position].elementCount) else {
                let expected = elements.count == 1 ? "\(elements.lowerBound)" : "\(elements.lowerBound) to \(elements.upperBound)"
                throw PerceptionError(
                    .badModel, "\(file): output '\(role)' has shape \(outputs[position].shape), expected \(expected) values")
            }
            return position
        }
        poseOutput = try output(pose, "pose", role: "keypoints", elements: 51...51)
        scoresOutput = try output(detector, "detector", role: "scores", elements: 768 * 5...768 * 5)
        boxesOutput = try output(detector, "detector", role: "boxes", elements: 768 * 20...768 * 20)
        let conditions = CoarseGarmentClass.allCases.count
        let labelCount = garmentLabels.count
        logitsOutput = try output(garment, "garment", role: "logits", elements: labelCount...conditions * labelCount)
        let garmentDescription = garment.model.model
        let logitsShape = garmentDescription.tensors[garmentDescription.outputs[logitsOutput]].shape
        if logitsShape == [1, conditions, labelCount] {
            garmentConditions = conditions
        } else if logitsShape.reduce(1, *) == labelCount {
            garmentConditions = 1
        } else {
            throw PerceptionError(
                .badModel,
                "\((try entry("garment")).file): output 'logits' has shape \(logitsShape), expected \(labelCount) values "
                    + "or [1, \(conditions), \(labelCount)] (a row per coarse class)")
        }
        embeddingOutput = try output(
            garment, "garment", role: "embedding", elements: 8 * garmentConditions...4096 * garmentConditions)
        let embeddingShape = garmentDescription.tensors[garmentDescription.outputs[embeddingOutput]].shape
        if garmentConditions > 1, embeddingShape.count != 3 || embeddingShape[0] != 1 || embeddingShape[1] != conditions {
            throw PerceptionError(
                .badModel,
                "\((try entry("garment")).file): output 'embedding' has shape \(embeddingShape); with logits of a row per coarse "
                    + "class it must be [1, \(conditions), D]")
        }
        for (loaded, role, position) in [
            (pose, "keypoints", poseOutput), (detector, "scores", scoresOutput), (detector, "boxes", boxesOutput),
            (garment, "logits", logitsOutput), (garment, "embedding", embeddingOutput),
        ] {
            let tensor = loaded.model.model.tensors[loaded.model.model.outputs[position]]
            guard tensor.type == .float32 || ((tensor.type == .int8 || tensor.type == .uint8) && tensor.quantization != nil)
            else {
                throw PerceptionError(.badModel, "output '\(tensor.name)' (\(role)) is \(tensor.type); expected float32 or quantized int8")
            }
        }
    }

    /// Runs a model on `input` (uint8 RGB bytes of its input size) and returns the outputs at `positions` as floats.
    func run(_ loaded: Loaded, input: [UInt8], outputs positions: [Int]) -> [[Float]] {
        var bytes = input
        if loaded.int8Input { for i in bytes.indices { bytes[i] ^= 0x80 } }
        // The input size is checked at load; the caller passes inputWidth × inputHeight × 3 bytes.
        bytes.withUnsafeBytes { try! loaded.model.setInput(0, $0) }
        loaded.model.invoke()
        return positions.map { floats(loaded.model, output: $0) }
    }

    private func floats(_ model: InferenceModel, output position: Int) -> [Float] {
        let tensor = model.model.tensors[model.model.outputs[position]]
        let raw = model.output(position)
        switch tensor.type {
        case .float32:
            return Array(raw.bindMemory(to: Float.self))
        case .int8:
            let q = tensor.quantization!
            return raw.bindMemory(to: Int8.self).map { q.scales[0] * Float(Int64($0) - q.zeroPoints[0]) }
        default:
            let q = tensor.quantization!
            return raw.bindMemory(to: UInt8.self).map { q.scales[0] * Float(Int64($0) - q.zeroPoints[0]) }
        }
    }

    /// Pose model on a 192×192 input: 51 floats.
    public func runPose(_ input: [UInt8]) -> [Float] { run(pose, input: input, outputs: [poseOutput])[0] }

    /// Detector on a 192 wide × 256 high input: scores and boxes.
    public func runDetector(_ input: [UInt8]) -> (scores: [Float], boxes: [Float]) {
        let out = run(detector, input: input, outputs: [scoresOutput, boxesOutput])
        return (out[0], out[1])
    }

    /// Classifier on a crop fitted to `garmentInputSide`: logits and the raw embedding. A conditioned model's row is
    /// that of `coarseClass`, the class the detector found the garment as; without one (a photo of a single
    /// garment), the row whose own class the classifier finds likeliest (`ownCondition`).
    public func runGarment(_ input: [UInt8], coarseClass: CoarseGarmentClass?) -> (logits: [Float], embedding: [Float]) {
        let out = run(garment, input: input, outputs: [logitsOutput, embeddingOutput])
        guard garmentConditions > 1 else { return (out[0], out[1]) }
        let row = coarseClass?.rawValue ?? Self.ownCondition(out[0], labels: garmentLabels, conditions: garmentConditions)
        let labels = garmentLabels.count, width = out[1].count / garmentConditions
        return (Array(out[0][row * labels..<(row + 1) * labels]), Array(out[1][row * width..<(row + 1) * width]))
    }

    /// Of a conditioned model's logits (`conditions` rows of `labels.count`), the row that gives its own coarse class
    /// the largest probability.
    static func ownCondition(_ logits: [Float], labels: [GarmentCategory], conditions: Int) -> Int {
        var best = 0, bestMass = -1.0
        for row in 0..<conditions {
            let probabilities = PerceptionPipeline.softmax(Array(logits[row * labels.count..<(row + 1) * labels.count]))
            var mass = 0.0
            for (index, label) in labels.enumerated() where CoarseGarmentClass(category: label)?.rawValue == row {
                mass += probabilities[index]
            }
            if mass > bestMass { (best, bestMass) = (row, mass) }
        }
        return best
    }
}
