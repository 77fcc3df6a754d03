import Camera
import Foundation
import Testing

@testable import Perception

/// Every other frame analysed for garments, the garment model sees the crops mirrored (`mirrorEveryOtherFrame`),
/// so that a session's pooled evidence averages both views.
@Suite struct MirroredFramesTests {
    static let models = SampleTruth.packageRoot.appendingPathComponent("models-int8")

    @Test func mirroringReversesEachRowAndUndoesItself() {
        // Two rows of three RGB pixels: 1 2 3 / 4 5 6 (each pixel's channels p, p+10, p+20).
        func rgb(_ order: [UInt8]) -> [UInt8] { order.flatMap { p -> [UInt8] in [p, p + 10, p + 20] } }
        let pixels = rgb([1, 2, 3, 4, 5, 6])
        let mirrored = ImageCrop.mirrored(pixels, width: 3, height: 2)
        #expect(mirrored == rgb([3, 2, 1, 6, 5, 4]))
        #expect(ImageCrop.mirrored(mirrored, width: 3, height: 2) == pixels)
        #expect(ImageCrop.mirrored([7, 8], width: 1, height: 2, channels: 1) == [7, 8])
    }

    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: models.appendingPathComponent("manifest.json").path),
            "needs the trained models (models-int8/manifest.json)"))
    func theSecondOfTwoLooksAtOneFrameSeesItMirrored() throws {
        let models = try PerceptionModels(folder: Self.models.path)
        var frame: Image?
        for sample in try SampleTruth.load() where sample.owner != nil {
            let image = try SampleTruth.image(sample)
            if PerceptionPipeline(models: models, settings: PerceptionSettings())
                .analyse(image, timestampSeconds: 1).garments.count >= 2
            {
                frame = image
                break
            }
        }
        let image = try #require(frame, "no sample frame shows a person's garments")
        func twice(mirroring: Bool) -> (FrameAnalysis, FrameAnalysis) {
            var settings = PerceptionSettings()
            settings.mirrorEveryOtherFrame = mirroring
            let pipeline = PerceptionPipeline(models: models, settings: settings)
            return (pipeline.analyse(image, timestampSeconds: 1), pipeline.analyse(image, timestampSeconds: 2))
        }
        let (plain, again) = twice(mirroring: false)
        #expect(plain.garments.map(\.embedding.values) == again.garments.map(\.embedding.values))
        let (first, mirrored) = twice(mirroring: true)
        #expect(first.garments.map(\.embedding.values) == plain.garments.map(\.embedding.values))
        // Only what the garment model sees changes: the same garments, boxes and colours, other embeddings.
        #expect(mirrored.garments.map(\.box) == first.garments.map(\.box))
        #expect(mirrored.garments.map(\.colour) == first.garments.map(\.colour))
        #expect(zip(mirrored.garments, first.garments).allSatisfy { $0.embedding.values != $1.embedding.values })
        // A mirror image is still the same garment to the model.
        for (m, f) in zip(mirrored.garments, first.garments) {
            #expect(GarmentEmbedding.cosine(m.embedding.values, f.embedding.values) > 0.8, "\(f.category)")
        }
    }
}
