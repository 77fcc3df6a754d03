import Foundation
import Inventory
import ModelCatalog
import Testing

@testable import Perception

/// Loading the models through the manifest: checksums, labels and contracts, each refusal naming what is wrong.
@Suite struct ManifestTests {
    /// A copy of the stand-in models folder whose manifest text and files a test may change.
    func copy(editing edit: (String) -> String = { $0 }) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("models-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: PerceptionCLITests.fixtureModels, toPath: folder)
        let manifest = folder + "/manifest.json"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        try edit(text).write(toFile: manifest, atomically: true, encoding: .utf8)
        return folder
    }

    /// A copy of the stand-in models folder whose garment model is `file`, one of the folder's models or stand-ins,
    /// vouched for by the manifest (its sha256 written into the garment entry).
    static func standIns(garment file: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("models-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: PerceptionCLITests.fixtureModels, toPath: folder)
        try FileManager.default.removeItem(atPath: folder + "/garment.tflite")
        try FileManager.default.copyItem(atPath: folder + "/" + file, toPath: folder + "/garment.tflite")
        let digest = SHA256.hexDigest(of: [UInt8](try Data(contentsOf: URL(fileURLWithPath: folder + "/garment.tflite"))))
        let path = folder + "/manifest.json"
        var manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var entries = try #require(manifest["models"] as? [[String: Any]])
        let garment = try #require(entries.firstIndex { $0["name"] as? String == "garment" })
        entries[garment]["sha256"] = digest
        manifest["models"] = entries
        try JSONSerialization.data(withJSONObject: manifest).write(to: URL(fileURLWithPath: path))
        return folder
    }

    func refusal(_ folder: String) -> PerceptionError? {
        do {
            _ = try PerceptionModels(folder: folder)
            return nil
        } catch {
            return error
        }
    }

    @Test func loadsTheStandInsWithTheContractsLabels() throws {
        let models = try PerceptionModels(folder: try copy())
        #expect(models.garmentLabels == PerceptionModels.contractGarmentLabels)
    }

    @Test func aChangedModelFileIsRefused() throws {
        let folder = try copy()
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder + "/detector.tflite")))
        bytes[bytes.count / 2] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: folder + "/detector.tflite"))
        let error = try #require(refusal(folder))
        #expect(error.code == .badModel && error.description.contains("detector.tflite")
            && error.description.contains("sha256"))
    }

    @Test func manifestProblemsAreNamed() throws {
        let missing = try #require(refusal(PerceptionCLITests.fixtureModels + "/absent"))
        #expect(missing.code == .badManifest && missing.description.contains("manifest.json"))
        let unknownLabel = try #require(refusal(try copy { $0.replacingOccurrences(of: "\"coats\"", with: "\"capes\"") }))
        #expect(unknownLabel.code == .badManifest && unknownLabel.description.contains("capes"))
        let noGarment = try #require(refusal(try copy { $0.replacingOccurrences(of: "\"name\": \"garment\"", with: "\"name\": \"other\"") }))
        #expect(noGarment.description.contains("no model named 'garment'"))
    }

    @Test func anOutputTheContractNeedsMustBeThere() throws {
        // The manifest vouches for the file, but the detector has no output called "boxes" under another name.
        let folder = try copy()
        let other = try copy()
        try FileManager.default.removeItem(atPath: folder + "/detector.tflite")
        try FileManager.default.copyItem(atPath: other + "/pose.tflite", toPath: folder + "/detector.tflite")
        let text = try String(contentsOfFile: folder + "/manifest.json", encoding: .utf8)
        let poseDigest = try #require(text.components(separatedBy: "\"sha256\": \"").dropFirst().first?.prefix(64))
        let detectorDigest = try #require(text.components(separatedBy: "\"sha256\": \"").dropFirst(2).first?.prefix(64))
        try text.replacingOccurrences(of: String(detectorDigest), with: String(poseDigest))
            .write(toFile: folder + "/manifest.json", atomically: true, encoding: .utf8)
        let error = try #require(refusal(folder))
        #expect(error.code == .badModel && error.description.contains("detector.tflite"))
    }

    @Test func theGarmentModelsInputMustBeSquare() throws {
        // Its side is the model's own (crops are fitted to it), but a crop is fitted into a square: the detector's
        // 256 x 192 input, vouched for by the manifest, is refused as the garment model.
        let error = try #require(refusal(try Self.standIns(garment: "detector.tflite")))
        #expect(error.code == .badModel && error.description.contains("garment.tflite")
            && error.description.contains("[1, N, N, 3]"), "\(error)")
        #expect(try PerceptionModels(folder: try copy()).garmentInputSide == 96)
    }
}
