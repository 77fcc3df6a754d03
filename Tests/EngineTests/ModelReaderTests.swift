import Foundation
import Testing

@testable import Engine

/// The committed fixtures (written by tools/reference/make_fixtures.py).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func npy(_ name: String) throws -> NumpyArray { try NumpyArray(bytes: try bytes(name)) }

    /// (file, words its error must contain) from manifest.txt.
    static var hostile: [(String, String)] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("manifest.txt"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map {
            let parts = $0.split(separator: "\t", maxSplits: 1)
            return (String(parts[0]), String(parts[1]))
        }
    }
}

@Suite struct ModelReaderTests {
    @Test func validModelMatchesTheReferenceWithEveryVariant() throws {
        let bytes = try Fixtures.bytes("small_convnet.tflite")
        let input = try Fixtures.npy("small_convnet_input.npy")
        let expected = try Fixtures.npy("small_convnet_expected.npy")
        for variant in KernelVariant.allCases where variant.isAvailable {
            let model = try InferenceModel(bytes: bytes, kernels: variant)
            #expect(model.operatorNames == ["CONV_2D", "DEPTHWISE_CONV_2D", "RESHAPE", "FULLY_CONNECTED"])
            #expect(model.arenaBytes > 0)
            try input.data.withUnsafeBytes { try model.setInput(0, $0) }
            model.invoke()
            #expect(Array(model.output(0)) == expected.data, "variant \(variant)")
        }
    }

    @Test func hostileModelsAreRejectedWithTheReason() throws {
        let cases = Fixtures.hostile
        #expect(cases.count >= 10)
        for (file, words) in cases {
            let bytes = try Fixtures.bytes(file)
            do {
                _ = try InferenceModel(bytes: bytes, kernels: .scalar)
                Issue.record("\(file) loaded; expected an error containing '\(words)'")
            } catch {
                #expect(error.description.contains(words), "\(file): \(error.description)")
            }
        }
    }

    @Test func everyTruncationIsAnError() throws {
        let bytes = try Fixtures.bytes("small_convnet.tflite")
        var loaded = 0
        for length in 0..<bytes.count {
            if (try? InferenceModel(bytes: Array(bytes[0..<length]), kernels: .scalar)) != nil { loaded += 1 }
        }
        #expect(loaded == 0, "\(loaded) truncated prefixes loaded")
    }

    @Test func bitFlippedModelsFailCleanlyOrRunSafely() throws {
        let bytes = try Fixtures.bytes("small_convnet.tflite")
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix(state: seed)
        var loaded = 0
        var rejected = 0
        for _ in 0..<3000 {
            var mutated = bytes
            for _ in 0..<Int(rng.next() % 4 + 1) {
                let position = Int(rng.next() % UInt64(mutated.count))
                mutated[position] ^= UInt8(1) << UInt8(rng.next() % 8)
            }
            do {
                let model = try InferenceModel(bytes: mutated, kernels: KernelVariant.best)
                // A model that passes every check must also run without touching memory it does not own.
                for position in model.model.inputs.indices {
                    let size = model.model.tensors[model.model.inputs[position]].byteCount
                    try [UInt8](repeating: 0x7f, count: size).withUnsafeBytes { try model.setInput(position, $0) }
                }
                model.invoke()
                loaded += 1
            } catch {
                rejected += 1
            }
        }
        #expect(rejected > 0, "seed \(seed)")
        print("bit flips: \(loaded) loaded and ran, \(rejected) rejected (seed \(seed))")
    }
}

/// splitmix64, seedable.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

@Suite struct NumpyArrayTests {
    @Test func roundTrips() throws {
        let array = NumpyArray(descriptor: "|i1", shape: [2, 3], data: [1, 2, 3, 4, 5, 255])
        #expect(try NumpyArray(bytes: array.bytes) == array)
    }

    @Test func rejectsDataOfTheWrongSize() {
        var bytes = NumpyArray(descriptor: "<f4", shape: [2], data: [UInt8](repeating: 0, count: 8)).bytes
        bytes.removeLast()
        #expect(throws: NumpyFormatError.self) { try NumpyArray(bytes: bytes) }
    }
}

@Suite struct QuantizedMultiplierTests {
    @Test func matchesFrexpConvention() {
        #expect(QuantizedMultiplier(0.5) == QuantizedMultiplier(multiplier: 1 << 30, shift: 0))
        #expect(QuantizedMultiplier(1.0) == QuantizedMultiplier(multiplier: 1 << 30, shift: 1))
        #expect(QuantizedMultiplier(0.75) == QuantizedMultiplier(multiplier: 1_610_612_736, shift: 0))
        #expect(QuantizedMultiplier(0) == QuantizedMultiplier(multiplier: 0, shift: 0))
        // Just below 1.0: the significand rounds up to 2^31, which becomes 2^30 with the shift raised.
        #expect(QuantizedMultiplier(0.999_999_999_9) == QuantizedMultiplier(multiplier: 1 << 30, shift: 1))
    }
}

@Suite struct RequantizeTests {
    @Test func swiftTranscriptionMatchesTheCOracle() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var rng = SplitMix(state: seed)
        let specials: [Int32] = [.min, .max, 0, 1, -1, 1 << 30, -(1 << 30), 12345, -12345]
        for _ in 0..<200_000 {
            let x = rng.next() % 4 == 0 ? specials[Int(rng.next() % UInt64(specials.count))] : Int32(truncatingIfNeeded: rng.next())
            let m = QuantizedMultiplier(
                multiplier: rng.next() % 50 == 0 ? 0 : Int32(truncatingIfNeeded: (1 << 30) + rng.next() % (1 << 30)),
                shift: Int32(truncatingIfNeeded: Int64(rng.next() % 62) - 31))
            if Requantize.multiply(x, m) != Requantize.oracle(x, m) {
                Issue.record("MBQM(\(x), \(m.multiplier), \(m.shift)): Swift \(Requantize.multiply(x, m)), C \(Requantize.oracle(x, m)); seed \(seed)")
                return
            }
        }
    }
}
