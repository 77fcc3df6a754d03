import Foundation
import Inventory
import InventoryStore
import Recommender

/// Today's recommendation as state on disk, shared by the daemon and the CLI: made in the morning (or on demand),
/// advanced by "next" and "reject", learned from by "accept", "reject" and the outfits actually worn.
///
/// Files in `<state>/recommender/`: `today.json` (the recommendation and which outfit is shown) and `model.bin`
/// (the learned compatibility), both replaced atomically. Feedback goes into the inventory's feedback log.
public final class RecommendationDesk: @unchecked Sendable {
    /// The recommendation and the outfit shown now.
    public struct Today: Codable, Equatable, Sendable {
        public var recommendation: Recommendation
        public var current: Int
    }

    /// What a feedback request did.
    public struct Outcome: Sendable {
        public var today: Today
        /// The shown outfit changed: publish again.
        public var changed: Bool
        public var message: String
    }

    /// A request that cannot be applied (no recommendation yet, a stale id, an outfit out of range).
    public struct RequestError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    public let store: InventoryStore
    public let folder: String
    public let thumbnailFolder: String
    public let timeZone: TimeZone
    private let lock = NSLock()
    private var todayPath: String { folder + "/today.json" }
    private var modelPath: String { folder + "/model.bin" }

    public init(store: InventoryStore, stateDirectory: String, timeZone: TimeZone) throws {
        self.store = store
        self.folder = stateDirectory + "/recommender"
        self.thumbnailFolder = stateDirectory + "/thumbnails"
        self.timeZone = timeZone
        // Small matrices: OpenBLAS threads would only compete with the camera for the cores.
        CompatibilityModel.useSingleThread()
        try FileIO.makeDirectories(folder)  // 0750, as the inventory's
    }

    /// Makes the day's recommendation from the clean items and saves it as today's.
    @discardableResult
    public func recommend(at date: Date, temperatureCelsius: Double?, raining: Bool = false, count: Int = 3) throws -> Today {
        try lock.withLock {
            try store.refresh()
            let closet = ClosetGarments.garments(from: store.state, timeZone: timeZone)
            let weather = Weather(date: date, timeZone: timeZone, temperatureCelsius: temperatureCelsius, isRaining: raining)
            let recommender = Recommender(model: try loadModel(closet: closet))
            let today = Today(recommendation: recommender.recommend(closet: closet, weather: weather, count: count), current: 0)
            try save(today)
            return today
        }
    }

    /// Today's recommendation, if one was made (nil when none; an unreadable file is an error).
    public func today() throws -> Today? {
        try lock.withLock { try loadToday() }
    }

    /// Applies feedback: logs it, learns from accept and reject, and moves on to the next outfit on next and reject.
    public func apply(_ request: FeedbackRequest, at date: Date = Date()) throws -> Outcome {
        try lock.withLock {
            guard var today = try loadToday() else { throw RequestError(description: "there is no recommendation yet") }
            let recommendation = today.recommendation
            let index: Int
            do {
                index = try request.outfitIndex(in: recommendation, shown: today.current)
            } catch {
                throw RequestError(description: "\(error)")
            }
            let outfit = recommendation.outfits[index]
            let action = Inventory.FeedbackAction(rawValue: request.action.rawValue) ?? .next
            let items = outfit.itemIDs.compactMap(ItemID.init)
            try store.logFeedback(FeedbackEvent(
                recommendation: recommendation.id, outfit: items, action: action,
                time: Timestamp(secondsSince1970: Int64(date.timeIntervalSince1970))))
            var message = "\(request.action.rawValue) outfit \(index) of \(recommendation.id)"
            if request.action != .next {
                if try learn(from: outfit.itemIDs, positive: request.action == .accept) { message += "; learned from it" }
            }
            var changed = false
            if request.action != .accept, recommendation.outfits.count > 1 {
                today.current = (index + 1) % recommendation.outfits.count
                changed = true
                try save(today)
                message += "; showing outfit \(today.current)"
            }
            return Outcome(today: today, changed: changed, message: message)
        }
    }

    /// Wearing a recommended outfit counts as accepting it: when every item of one of today's outfits was logged
    /// worn on its date, an accept is recorded once. Returns the outfit index accepted, if any.
    @discardableResult
    public func noteWornOutfits() throws -> Int? {
        try lock.withLock {
            guard let today = try loadToday() else { return nil }
            let recommendation = today.recommendation
            guard let day = CalendarDate(recommendation.date) else { return nil }
            let state = store.state
            let worn = Set(state.wears(from: day, to: day).flatMap { $0.items.map(\.description) })
            let alreadyAnswered = Set(state.feedback.filter { $0.recommendation == recommendation.id && $0.action == .accept }
                .map { $0.outfit.map(\.description) })
            for (index, outfit) in recommendation.outfits.enumerated()
            where outfit.itemIDs.allSatisfy(worn.contains) && !alreadyAnswered.contains(outfit.itemIDs) {
                try store.logFeedback(FeedbackEvent(
                    recommendation: recommendation.id, outfit: outfit.itemIDs.compactMap(ItemID.init), action: .accept,
                    time: Timestamp(secondsSince1970: Int64(Date().timeIntervalSince1970))))
                _ = try learn(from: outfit.itemIDs, positive: true)
                return index
            }
            return nil
        }
    }

    /// The `outfit/today` JSON (the recommendation, `current`, and a one-line `summary` per outfit) and the collage
    /// JPEG of the outfit shown.
    public func payloads(_ today: Today) throws -> (json: [UInt8], image: [UInt8]?) {
        guard var object = try JSONSerialization.jsonObject(with: try today.recommendation.jsonData()) as? [String: Any]
        else { throw RequestError(description: "cannot re-read the recommendation JSON") }
        object["current"] = today.current
        if var outfits = object["outfits"] as? [[String: Any]] {
            for (index, outfit) in today.recommendation.outfits.enumerated() where index < outfits.count {
                outfits[index]["summary"] = outfit.items.map(\.name).joined(separator: " + ")
            }
            object["outfits"] = outfits
        }
        let json = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        let outfits = today.recommendation.outfits
        let image = outfits.indices.contains(today.current)
            ? try OutfitCollage.jpeg(of: outfits[today.current], thumbnailFolder: thumbnailFolder) : nil
        return ([UInt8](json), image)
    }

    // MARK: Under the lock

    private func loadToday() throws -> Today? {
        guard let data = FileManager.default.contents(atPath: todayPath) else { return nil }
        do {
            return try JSONDecoder().decode(Today.self, from: data)
        } catch {
            throw RequestError(description: "\(todayPath) is unreadable (\(error)); a new recommendation replaces it")
        }
    }

    private func save(_ today: Today) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // temp file, fsync, rename, fsync of the folder
        try FileIO.writeFileAtomically(todayPath, bytes: [UInt8](try encoder.encode(today)))
    }

    /// The learned model, when one was saved and fits today's embeddings; nil means the rules alone decide.
    private func loadModel(closet: [RecommenderGarment]) throws -> CompatibilityModel? {
        guard FileManager.default.fileExists(atPath: modelPath) else { return nil }
        let model = try CompatibilityModelFile.load(path: modelPath)
        guard closet.contains(where: { $0.embedding.count == model.dimension }) else { return nil }
        return model
    }

    /// One online learning step from an outfit; false when the closet has no embeddings to learn with.
    private func learn(from itemIDs: [String], positive: Bool) throws -> Bool {
        try store.refresh()
        let closet = ClosetGarments.garments(from: store.state, timeZone: timeZone)
        guard let dimension = closet.first(where: { !$0.embedding.isEmpty })?.embedding.count else { return false }
        var model: CompatibilityModel
        do {
            model = try loadModel(closet: closet) ?? CompatibilityModel(dimension: dimension)
        } catch {
            // Derived data: keep the unreadable file for inspection and start learning afresh.
            try? FileManager.default.moveItem(atPath: modelPath, toPath: modelPath + ".corrupt")
            model = CompatibilityModel(dimension: dimension)
        }
        let history = FeedbackExample.positives(from: ClosetGarments.wearRecords(from: store.state, timeZone: timeZone))
        var generator = SystemRandomNumberGenerator()
        CompatibilityTrainer().learn(
            FeedbackExample(itemIDs: itemIDs, isPositive: positive), history: history, closet: closet, model: &model,
            using: &generator)
        try CompatibilityModelFile.save(model, path: modelPath)
        return true
    }
}
