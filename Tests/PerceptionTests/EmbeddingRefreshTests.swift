import Camera
import Daemon
import Foundation
import Inventory
import InventoryStore
import Logging
import Testing
import TestSupport

@testable import Perception

/// After the garment model changes, the closet's embeddings are made again from the items' thumbnails by the new
/// model; what cannot be made again is kept, never dropped.
@Suite struct EmbeddingRefreshTests {
    let t0 = Timestamp(secondsSince1970: 1_772_000_000)

    /// A 120×160 thumbnail: two colour bands and a stripe, so the embedding has something to see.
    func thumbnail() throws -> [UInt8] {
        var image = Image(width: 120, height: 160, channels: 3)
        for y in 0..<160 {
            for x in 0..<120 {
                let i = (y * 120 + x) * 3
                let band: [UInt8] = y < 80 ? [30, 60, 150] : (x % 20 < 6 ? [230, 230, 230] : [40, 40, 40])
                image.pixels[i] = band[0]
                image.pixels[i + 1] = band[1]
                image.pixels[i + 2] = band[2]
            }
        }
        return try JPEGEncoder(quality: 90).encode(image)
    }

    @Test func anotherModelsEmbeddingsAreMadeAgainFromTheThumbnailAndTheRestKept() throws {
        let folder = TestFolder("embedding-refresh")
        let store = try InventoryStore(stateDirectory: folder.path)
        let models = try PerceptionModels(folder: PerceptionCLITests.fixtureModels)
        let space = models.embeddingSpace
        #expect(space.count == 64 && space.allSatisfy(\.isHexDigit))
        let bytes = try thumbnail()
        try store.saveThumbnail(bytes, named: "a.jpg")
        try store.saveThumbnail(Array("not a jpeg".utf8), named: "bad.jpg")
        let old: [[Float]] = [[1, 0, 0, 0], [0, 1, 0, 0]]
        func add(_ category: GarmentCategory, thumbnail: String?, model: String?, embeddings: [[Float]] = old) throws
            -> ItemID
        {
            try store.addItem(category: category, colour: .blue, firstSeen: t0) {
                $0.embeddings = embeddings
                $0.embeddingModel = model
                $0.thumbnail = thumbnail
            }.id
        }
        let unknown = try add(.jeans, thumbnail: "a.jpg", model: nil)  // stored before the model was recorded
        let another = try add(.shirts, thumbnail: "a.jpg", model: "0123abcd")
        let missing = try add(.skirts, thumbnail: "gone.jpg", model: "0123abcd")
        let unreadable = try add(.pants, thumbnail: "bad.jpg", model: "0123abcd")
        let none = try add(.coats, thumbnail: nil, model: nil)
        let current = try add(.dresses, thumbnail: "a.jpg", model: space, embeddings: [[0, 0, 1, 0]])

        let outcome = EmbeddingRefresh.run(store: store, models: models, logger: Logger(label: "test"))
        #expect(Set(outcome.refreshed) == [unknown, another])
        #expect(Set(outcome.leftAlone) == [missing, unreadable, none])

        // The refreshed ones hold one view, the model's embedding of the thumbnail, normalised, in the model's space.
        let image = try JPEGDecoder().decode(bytes)
        let input = ImageCrop.fitted(image, rect: (0, 0, image.width, image.height), width: 96, height: 96)
        for id in [unknown, another] {
            let item = try #require(store.state.item(id))
            // A conditioned model's row is the item's coarse class's.
            let coarseClass = CoarseGarmentClass(category: item.category)
            let expected = GarmentEmbedding(raw: models.runGarment(input, coarseClass: coarseClass).embedding)
            #expect(item.embeddingModel == space)
            #expect(item.embeddings == [expected.values])
        }
        // The rest keep exactly what they had.
        for id in [missing, unreadable] {
            #expect(store.state.item(id)?.embeddings == old && store.state.item(id)?.embeddingModel == "0123abcd")
        }
        #expect(store.state.item(none)?.embeddings == old && store.state.item(none)?.embeddingModel == nil)
        #expect(store.state.item(current)?.embeddings == [[0, 0, 1, 0]])

        // On disk too, and a second run has nothing more it can do.
        let reopened = try InventoryStore(stateDirectory: folder.path)
        #expect(reopened.state.item(another)?.embeddingModel == space)
        let again = EmbeddingRefresh.run(store: reopened, models: models, logger: Logger(label: "test"))
        #expect(again.refreshed.isEmpty && Set(again.leftAlone) == [missing, unreadable, none])
    }

    @Test func newItemsCarryTheRecordersModelAndAnotherModelsItemIsNotMatchedByEmbedding() throws {
        let folder = TestFolder("embedding-space")
        let store = try InventoryStore(stateDirectory: folder.path)
        let recorder = OutfitRecorder(
            store: store, settings: OutfitRecorderTests().settings, source: .camera, embeddingSpace: "model-b")
        let shirt = Synthetic.observation(.shirts, .blue, axis: 1)
        let first = try OutfitRecorderTests().record(recorder, [shirt], on: "2026-03-02", at: 1000)
        let id = try #require(first.created.first)
        #expect(store.state.item(id)?.embeddingModel == "model-b")
        // The same shirt the next day, but the item's embeddings are now another model's: not compared, a new item.
        _ = try store.updateItem(id) { $0.embeddingModel = "model-a" }
        let next = try OutfitRecorderTests().record(recorder, [shirt], on: "2026-03-03", at: 90_000)
        #expect(next.created.count == 1 && next.created.first != id)
        // Shoes are matched by their measured colour: a stale pair is matched, and its embeddings are replaced by
        // this view, in the recorder's space.
        let shoes = Synthetic.observation(.shoes, .black, axis: 5)
        let pair = try #require(try OutfitRecorderTests().record(recorder, [shoes], on: "2026-03-04", at: 180_000).created.first)
        _ = try store.updateItem(pair) {
            $0.embeddings = [[1, 0, 0], [0, 1, 0]]
            $0.embeddingModel = "model-a"
        }
        let again = try OutfitRecorderTests().record(recorder, [shoes], on: "2026-03-05", at: 270_000)
        #expect(again.created.isEmpty && again.items == [pair])
        #expect(store.state.item(pair)?.embeddingModel == "model-b")
        #expect(store.state.item(pair)?.embeddings == [Synthetic.embedding(5).values])
    }
}
