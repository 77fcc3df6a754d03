import Inventory
import Testing

@testable import Perception

@Suite struct ManifestTests {
    func parse(_ text: String) throws -> ModelManifest { try ModelManifest(json: Array(text.utf8), file: "manifest.json") }

    @Test func entriesAsAnObjectOrAList() throws {
        let keyed = try parse("""
            {"models": {"pose": {"file": "p.tflite", "outputs": {"keypoints": "Identity"}},
                        "garment": {"file": "g.tflite", "outputs": [{"name": "logits", "tensor": "L"}, {"name": "embedding", "tensor": "E"}],
                                    "labels": ["dresses", "tops", "t-shirts", "shirts", "blouses", "jackets", "shorts", "pants", "jeans", "skirts", "jumpsuits", "coats", "shoes"],
                                    "sha256": "ABC"}}}
            """)
        #expect(keyed.pose.file == "p.tflite" && keyed.pose.outputTensors == ["keypoints": "Identity"])
        #expect(keyed.garment.outputTensors == ["logits": "L", "embedding": "E"] && keyed.garment.sha256 == "abc")
        #expect(try keyed.garmentCategories(file: "m") == ModelManifest.contractGarmentLabels)
        // Missing entries keep the contract's defaults.
        #expect(keyed.detector.file == "detector.tflite")

        let listed = try parse("""
            {"models": [{"name": "detector", "path": "d.tflite", "contract": {"outputs": {"scores": {"tensor": "S"}, "boxes": {"tensor": "B"}}}},
                        {"name": "garment", "contract": {"outputs": {"logits": {"labels": ["shoes", "coats"]}}}}]}
            """)
        #expect(listed.detector.file == "d.tflite" && listed.detector.outputTensors == ["scores": "S", "boxes": "B"])
        #expect(try listed.garmentCategories(file: "m") == [.shoes, .coats])
    }

    @Test func badManifestsAreClearErrors() throws {
        #expect(throws: PerceptionError.self) { try parse("not json") }
        #expect(throws: PerceptionError.self) { try parse("[1, 2]") }
        let unknown = try parse(#"{"garment": {"labels": ["dresses", "capes"]}}"#)
        do {
            _ = try unknown.garmentCategories(file: "models/manifest.json")
            Issue.record("an unknown label was accepted")
        } catch {
            #expect(error.description.contains("capes") && error.description.contains("models/manifest.json"))
        }
    }

    @Test func modelsThatBreakTheContractAreRefusedByName() throws {
        let folder = PerceptionCLITests.fixtureModels
        #expect(throws: Never.self) { _ = try PerceptionModels(folder: folder) }
        do {
            _ = try PerceptionModels(folder: folder + "/absent")
            Issue.record("a missing folder was accepted")
        } catch {
            #expect(error.code == .badModel && error.description.contains("pose.tflite"))
        }
    }
}
