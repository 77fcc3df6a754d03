import Foundation
import ModelCatalog
import Testing

@Suite struct ModelManifestTests {
    /// A folder with one model file and a manifest whose fields can be replaced.
    private func folder(model: [UInt8] = Array("not really a model".utf8), manifest: (String) -> String = { $0 })
        throws -> String
    {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("manifest-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        try Data(model).write(to: URL(fileURLWithPath: path + "/pose.tflite"))
        let digest = SHA256.hexDigest(of: Array("not really a model".utf8))
        let text = """
            {"format": 1, "models": [{"name": "pose", "file": "pose.tflite", "version": "1.0.0", "sha256": "\(digest)",
             "input": {"name": "image", "shape": [1, 192, 192, 3], "dtype": "uint8"},
             "outputs": [{"name": "keypoints", "shape": [1, 1, 17, 3], "dtype": "float32"}],
             "labels": ["nose"], "macs": 123}]}
            """
        try Data(manifest(text).utf8).write(to: URL(fileURLWithPath: path + "/manifest.json"))
        return path
    }

    @Test func loadsAVerifiedModel() throws {
        let manifest = try ModelManifest(folder: try folder())
        let entry = try manifest.entry(named: "pose")
        #expect(entry.input.shape == [1, 192, 192, 3])
        #expect(entry.outputs.map(\.name) == ["keypoints"])
        #expect(try manifest.verifiedModel(named: "pose") == Array("not really a model".utf8))
    }

    @Test func refusesAChangedModel() throws {
        let manifest = try ModelManifest(folder: try folder(model: Array("not really a modeL".utf8)))
        #expect {
            _ = try manifest.verifiedModel(named: "pose")
        } throws: { error in
            guard case .checksumMismatch(let file, _, _) = error as? ModelManifestError else { return false }
            return file.hasSuffix("/pose.tflite") && "\(error)".contains("refusing")
        }
    }

    @Test func namesWhatIsWrong() throws {
        let cases: [(String, (String) -> String, String)] = [
            ("missing key", { $0.replacingOccurrences(of: "\"version\": \"1.0.0\",", with: "") }, "missing 'version'"),
            ("not JSON", { _ in "{" }, "not JSON"),
            ("format", { $0.replacingOccurrences(of: "\"format\": 1", with: "\"format\": 2") }, "format 2"),
            ("bad sha", { $0.replacingOccurrences(of: "\"sha256\": \"", with: "\"sha256\": \"X") }, "sha256 must be"),
            ("path", { $0.replacingOccurrences(of: "\"file\": \"pose.tflite\"", with: "\"file\": \"../pose.tflite\"") },
             "plain file name"),
            ("type", { $0.replacingOccurrences(of: "\"macs\": 123", with: "\"macs\": \"many\"") }, "wrong type at models"),
        ]
        for (label, edit, message) in cases {
            let path = try folder(manifest: edit)
            #expect("\(label)", performing: { _ = try ModelManifest(folder: path) }, throws: { error in
                "\(error)".contains(message) && "\(error)".contains("manifest.json")
            })
        }
        #expect(throws: ModelManifestError.self) { _ = try ModelManifest(folder: "/nonexistent-closetd-models") }
        let manifest = try ModelManifest(folder: try folder())
        #expect(performing: { _ = try manifest.entry(named: "detector") }, throws: { "\($0)".contains("lists pose") })
        try FileManager.default.removeItem(atPath: manifest.folder + "/pose.tflite")
        #expect(performing: { _ = try manifest.verifiedModel(named: "pose") }, throws: { error in
            if case .modelUnreadable = error as? ModelManifestError { return true }
            return false
        })
    }

    /// The committed models: every file matches its manifest entry.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: ModelManifestTests.committed + "/manifest.json"),
                   "models-int8/manifest.json is not there yet"))
    func committedModelsMatchTheirManifest() throws {
        let manifest = try ModelManifest(folder: ModelManifestTests.committed)
        #expect(Set(manifest.entries.map(\.name)) == ["pose", "detector", "garment"])
        for entry in manifest.entries {
            #expect(try manifest.verifiedModel(named: entry.name).count > 1000)
        }
    }

    static let committed = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("models-int8").path
}
