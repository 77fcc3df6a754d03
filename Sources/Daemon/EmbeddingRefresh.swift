import Camera
import Foundation
import Inventory
import InventoryStore
import Logging
import Perception

/// Brings the closet's embeddings into the loaded garment model's space. Two models' embeddings cannot be compared,
/// so after the model changes (or for items stored before closetd recorded which model made their embeddings) each
/// item's embeddings are made again by the loaded model from the item's thumbnail: one view in place of the old
/// ones, which later sightings add to. An item whose thumbnail is missing or unreadable keeps what it has and the
/// matcher leaves it out (`ClosetMatcher.embeddingSpace`); the next start tries again.
public enum EmbeddingRefresh {
    /// What a refresh did.
    public struct Outcome: Sendable, Equatable {
        /// Items whose embeddings were made again.
        public var refreshed: [ItemID] = []
        /// Items of another model's space left as they were: no thumbnail, or one that cannot be read.
        public var leftAlone: [ItemID] = []
    }

    /// Refreshes every item (archived ones too) whose embeddings are not `models`' space. A failing store write ends
    /// the refresh (logged); what was written stays.
    @discardableResult
    public static func run(store: InventoryStore, models: PerceptionModels, logger: Logger) -> Outcome {
        var outcome = Outcome()
        let space = models.embeddingSpace
        let stale = store.state.sortedItems().filter { !$0.embeddings.isEmpty && $0.embeddingModel != space }
        guard !stale.isEmpty else { return outcome }
        let decoder = JPEGDecoder()
        let side = models.garmentInputSide
        for item in stale {
            guard let name = item.thumbnail else {
                outcome.leftAlone.append(item.id)
                continue
            }
            let path = store.paths.thumbnailsDirectory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                logger.warning("embeddings: \(item.id) keeps its old embeddings: thumbnail \(path) cannot be read")
                outcome.leftAlone.append(item.id)
                continue
            }
            let image: Image
            do {
                image = try decoder.decode([UInt8](data), minimumWidth: side, minimumHeight: side)
            } catch {
                logger.warning("embeddings: \(item.id) keeps its old embeddings: thumbnail \(path): \(error)")
                outcome.leftAlone.append(item.id)
                continue
            }
            let input = ImageCrop.fitted(image, rect: (0, 0, image.width, image.height), width: side, height: side)
            let coarseClass = CoarseGarmentClass(category: item.category)
            let embedding = GarmentEmbedding(raw: models.runGarment(input, coarseClass: coarseClass).embedding)
            do {
                try store.updateItem(item.id) {
                    $0.embeddings = [embedding.values]
                    $0.embeddingModel = space
                }
            } catch {
                logger.error("embeddings: cannot store \(item.id)'s new embedding, the refresh stops: \(error)")
                break
            }
            outcome.refreshed.append(item.id)
        }
        var line = "embeddings: \(outcome.refreshed.count) items re-embedded from their thumbnails by garment model \(space.prefix(12))"
        if !outcome.leftAlone.isEmpty {
            line += "; \(outcome.leftAlone.count) without a readable thumbnail keep another model's and are not matched by embedding"
        }
        logger.notice("\(line)")
        return outcome
    }
}
