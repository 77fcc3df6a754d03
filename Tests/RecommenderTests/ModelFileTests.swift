import Foundation
import Testing

@testable import Recommender

@Suite struct ModelFileTests {
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "closetd-recommender-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test func saveAndLoadRoundTrip() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/" + CompatibilityModelFile.defaultFileName
        let model = TestClosets.randomModel(dimension: 16, seed: 5)
        try CompatibilityModelFile.save(model, path: path)
        #expect(try CompatibilityModelFile.load(path: path) == model)
        // Replacing keeps exactly one file: no temporary left behind.
        var trained = model
        trained.step(
            better: [model.normalised([Float](repeating: 1, count: 16)), model.normalised((0..<16).map(Float.init))],
            worse: [], learningRate: 0.1, decay: 0.01)
        try CompatibilityModelFile.save(trained, path: path)
        #expect(try CompatibilityModelFile.load(path: path) == trained)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == [CompatibilityModelFile.defaultFileName])
    }

    @Test func missingFileSaysSo() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let error = #expect(throws: ModelFileError.self) { try CompatibilityModelFile.load(path: folder + "/none.bin") }
        #expect(error?.kind == .missing)
        let unwritable = #expect(throws: ModelFileError.self) {
            try CompatibilityModelFile.save(CompatibilityModel(dimension: 2), path: folder + "/no/such/folder/m.bin")
        }
        #expect(unwritable?.kind == .system(errno: ENOENT, function: "open"))
        #expect(unwritable?.description.contains("/no/such/folder/m.bin") == true)
    }

    /// Every kind of damage gives an `.invalid` error naming the reason, never a crash or a wrong model.
    @Test func damagedFilesAreRefused() {
        let good = CompatibilityModelFile.encode(TestClosets.randomModel(dimension: 4, seed: 9))
        var flipped = good
        flipped[40] ^= 0x10
        var otherVersion = good
        otherVersion[8] = 2
        var hugeDimension = good
        hugeDimension[12] = 0xFF
        hugeDimension[13] = 0xFF
        let cases: [([UInt8], String)] = [
            ([], "too short"),
            (Array(good.prefix(20)), "too short"),
            (Array(good.prefix(30)), "size 30 bytes"),
            (Array(good.dropLast()), "size"),
            (good + [0], "size"),
            (Array("NOTMODEL".utf8) + good.dropFirst(8), "not a closetd compatibility model"),
            (flipped, "checksum"),
            (otherVersion, "unsupported version 2"),
            (hugeDimension, "bad dimension"),
        ]
        for (bytes, reason) in cases {
            let error = #expect(throws: ModelFileError.self) { try CompatibilityModelFile.decode(bytes, path: "m.bin") }
            #expect(error?.kind == .invalid)
            #expect(error?.description.contains(reason) == true, "\(error?.description ?? "") lacks \(reason)")
        }
        // Non-finite or asymmetric weights with a valid checksum are refused too.
        var weights = [Float](repeating: 0, count: 4)
        weights[1] = 1
        let asymmetric = CompatibilityModelFile.encode(
            CompatibilityModel(dimension: 2, weights: [0, 0, 0, 0], trainingSteps: 1))
        var patched = Array(asymmetric.dropLast(4))
        withUnsafeBytes(of: Float(1).bitPattern.littleEndian) { patched.replaceSubrange(28..<32, with: $0) }
        patched += withUnsafeBytes(of: CompatibilityModelFile.checksum(patched).littleEndian) { Array($0) }
        let error = #expect(throws: ModelFileError.self) { try CompatibilityModelFile.decode(patched) }
        #expect(error?.description.contains("not symmetric") == true)
    }
}
