import Camera
import Foundation
import Inventory
import Testing

@testable import Perception

/// A conditioned garment model gives a row of logits and embedding per coarse class; closetd reads the row of the
/// class the detector found the garment as (`PerceptionModels.runGarment(_:coarseClass:)`). The stand-ins are
/// tools/perception/make_fixture_models.py's.
@Suite struct ConditionedGarmentModelTests {
    func models(garment file: String) throws -> String { try ManifestTests.standIns(garment: file) }

    static let grey = [UInt8](repeating: 128, count: 96 * 96 * 3)

    func leader(_ models: PerceptionModels, _ logits: [Float]) -> GarmentCategory {
        models.garmentLabels[logits.indices.max { logits[$0] < logits[$1] }!]
    }

    @Test func eachCoarseClassReadsItsOwnRow() throws {
        let models = try PerceptionModels(folder: try models(garment: "garment-conditioned.tflite"))
        #expect(models.garmentConditions == 5)
        var embeddings: [[Float]] = []
        for (coarse, expected) in zip(CoarseGarmentClass.allCases, [GarmentCategory.tops, .jeans, .dresses, .coats, .shoes]) {
            let out = models.runGarment(Self.grey, coarseClass: coarse)
            #expect(out.logits.count == 13 && out.embedding.count == 64)
            #expect(leader(models, out.logits) == expected, "\(coarse)")
            embeddings.append(out.embedding)
        }
        #expect(Set(embeddings.map { $0.map(\.bitPattern) }).count == 5, "each class's row is an embedding of its own")
        // With no detector's class (a photo of one garment), the row surest of its own class: outerwear's.
        let own = models.runGarment(Self.grey, coarseClass: nil)
        #expect(leader(models, own.logits) == .coats && own.embedding == embeddings[3])
    }

    @Test func anUnconditionedModelGivesTheSameRowWhateverTheClass() throws {
        let models = try PerceptionModels(folder: PerceptionCLITests.fixtureModels)
        #expect(models.garmentConditions == 1)
        let outputs = CoarseGarmentClass.allCases.map { models.runGarment(Self.grey, coarseClass: $0) }
        #expect(outputs.allSatisfy { $0.logits == outputs[0].logits && $0.embedding == outputs[0].embedding })
        #expect(outputs[0].logits.count == 13 && outputs[0].embedding.count == 64)
    }

    @Test func rowsThatAreNotShapedPerClassAreRefused() throws {
        // The same values flattened to [1, 65] and [1, 320]: which values are whose cannot be told.
        let folder = try models(garment: "garment-flat-rows.tflite")
        do {
            _ = try PerceptionModels(folder: folder)
            Issue.record("a garment model with 65 flat logits was loaded")
        } catch {
            #expect(error.code == .badModel && error.description.contains("a row per coarse class"), "\(error)")
        }
    }

    @Test func thePipelineReadsEachDetectedGarmentInItsClassesRow() throws {
        // The stand-in pose and detector always see one person in a top, a bottom and shoes (480 x 640 frames).
        let frame = Image(width: 480, height: 640, channels: 3, pixels: [UInt8](repeating: 128, count: 480 * 640 * 3))
        func categories(_ folder: String) throws -> [CoarseGarmentClass: GarmentCategory] {
            let pipeline = PerceptionPipeline(models: try PerceptionModels(folder: folder), settings: PerceptionSettings())
            let garments = pipeline.analyse(frame, timestampSeconds: 1).garments
            return Dictionary(uniqueKeysWithValues: garments.map { ($0.coarseClass, $0.category) })
        }
        #expect(try categories(try models(garment: "garment-conditioned.tflite")) == [.top: .tops, .bottom: .jeans, .shoes: .shoes])
        // The unconditioned stand-in's one row leads with t-shirts, jeans, shoes: the top is read within its class.
        #expect(try categories(PerceptionCLITests.fixtureModels) == [.top: .tshirts, .bottom: .jeans, .shoes: .shoes])
        // A photo of one garment: the row surest of its own class.
        let photo = PerceptionPipeline(
            models: try PerceptionModels(folder: try models(garment: "garment-conditioned.tflite")), settings: PerceptionSettings())
        #expect(photo.analyseGarmentPhoto(frame)?.category == .coats)
    }
}
