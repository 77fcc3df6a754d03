import Camera
import Foundation
import Inventory
import InventoryStore
import Testing
import TestSupport

@testable import Daemon

@Suite struct RecommendationDeskTests {
    /// A small closet: two tops, two bottoms, two pairs of shoes, a dress and a jacket.
    func makeDesk(_ folder: TestFolder) throws -> RecommendationDesk {
        let store = try InventoryStore(stateDirectory: folder.path)
        let now = Timestamp(secondsSince1970: 1_795_000_000)
        for (category, colour) in [
            (GarmentCategory.shirts, ColourName.white), (.tshirts, .red), (.jeans, .blue), (.pants, .grey),
            (.shoes, .black), (.shoes, .brown), (.dresses, .green), (.jackets, .black),
        ] {
            try store.addItem(category: category, colour: colour, firstSeen: now)
        }
        return try RecommendationDesk(store: store, stateDirectory: folder.path, timeZone: TimeZone(identifier: "UTC")!)
    }

    let morning = ISO8601DateFormatter().date(from: "2026-11-23T06:30:00Z")!

    @Test func recommendsFromCleanItemsOnlyAndSavesToday() throws {
        let folder = TestFolder("desk")
        let desk = try makeDesk(folder)
        try desk.store.setLaundry([ItemID("i-0003")!], to: .dirty)  // the jeans are in the wash
        let today = try desk.recommend(at: morning, temperatureCelsius: 12)
        #expect(!today.recommendation.outfits.isEmpty && today.current == 0)
        #expect(today.recommendation.date == "2026-11-23")
        for outfit in today.recommendation.outfits { #expect(!outfit.itemIDs.contains("i-0003"), "dirty jeans recommended") }
        #expect(try desk.today() == today)
        // The recommender's folder and today's file are not for other users, like the inventory's.
        #expect(folder.openToOthers(["recommender", "recommender/today.json"]) == [])
    }

    @Test func rainyDaysBringOuterwear() throws {
        let folder = TestFolder("desk")
        let desk = try makeDesk(folder)
        let today = try desk.recommend(at: morning, temperatureCelsius: 12, raining: true)
        #expect(!today.recommendation.outfits.isEmpty && today.recommendation.weather.rain)
        for outfit in today.recommendation.outfits { #expect(outfit.itemIDs.contains("i-0008"), "no jacket in the rain: \(outfit.itemIDs)") }
    }

    @Test func nextRejectAndAcceptAreLoggedAndMoveTheShownOutfit() throws {
        let folder = TestFolder("desk")
        let desk = try makeDesk(folder)
        let today = try desk.recommend(at: morning, temperatureCelsius: 12)
        try #require(today.recommendation.outfits.count >= 2)

        let next = try desk.apply(FeedbackRequest(action: .next))
        #expect(next.changed && next.today.current == 1)
        let reject = try desk.apply(FeedbackRequest(recommendationID: today.recommendation.id, outfit: 1, action: .reject))
        #expect(reject.today.current == 2 % today.recommendation.outfits.count)
        let accept = try desk.apply(FeedbackRequest(outfit: 0, action: .accept))
        #expect(!accept.changed)

        try desk.store.refresh()
        let log = desk.store.state.feedback
        #expect(log.map(\.action) == [.next, .reject, .accept])
        #expect(log.allSatisfy { $0.recommendation == today.recommendation.id })
        #expect(log[1].outfit.map(\.description) == today.recommendation.outfits[1].itemIDs)
    }

    @Test func requestsThatCannotApplyAreErrorsAndChangeNothing() throws {
        let folder = TestFolder("desk")
        let desk = try makeDesk(folder)
        #expect(throws: RecommendationDesk.RequestError.self) { try desk.apply(FeedbackRequest(action: .next)) }
        _ = try desk.recommend(at: morning, temperatureCelsius: 12)
        #expect(throws: RecommendationDesk.RequestError.self) {
            try desk.apply(FeedbackRequest(recommendationID: "2026-01-01-old", action: .accept))
        }
        #expect(throws: RecommendationDesk.RequestError.self) { try desk.apply(FeedbackRequest(outfit: 99, action: .accept)) }
        try desk.store.refresh()
        #expect(desk.store.state.feedback.isEmpty)
    }

    @Test func wearingARecommendedOutfitCountsAsAcceptingItOnce() throws {
        let folder = TestFolder("desk")
        let desk = try makeDesk(folder)
        let today = try desk.recommend(at: morning, temperatureCelsius: 12)
        let outfit = today.recommendation.outfits[1]
        _ = try desk.store.logWear(outfit.itemIDs.compactMap(ItemID.init), on: CalendarDate("2026-11-23")!, source: .camera)
        #expect(try desk.noteWornOutfits() == 1)
        #expect(try desk.noteWornOutfits() == nil, "accepted once")
        let accepts = desk.store.state.feedback.filter { $0.action == .accept }
        #expect(accepts.count == 1 && accepts[0].outfit.map(\.description) == outfit.itemIDs)
    }

    @Test func payloadCarriesCurrentAndSummariesAndTheCollageDecodes() throws {
        let folder = TestFolder("desk")
        let desk = try makeDesk(folder)
        let today = try desk.recommend(at: morning, temperatureCelsius: 12)
        let payloads = try desk.payloads(today)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(payloads.json)) as? [String: Any])
        #expect(object["current"] as? Int == 0 && object["id"] as? String == today.recommendation.id)
        let outfits = try #require(object["outfits"] as? [[String: Any]])
        #expect(outfits.count == today.recommendation.outfits.count)
        #expect((outfits[0]["summary"] as? String)?.contains(" + ") == true)
        let image = try #require(payloads.image)
        #expect(image.count <= 100_000)
        let decoded = try JPEGDecoder().decode(image)
        #expect(decoded.width > 160 && decoded.height >= 200)
    }

    @Test func anUnreadableTodayFileIsAClearError() throws {
        let folder = TestFolder("desk")
        let desk = try makeDesk(folder)
        try "{ not json".write(toFile: folder.path + "/recommender/today.json", atomically: true, encoding: .utf8)
        #expect(throws: RecommendationDesk.RequestError.self) { try desk.today() }
        // A new recommendation replaces it.
        _ = try desk.recommend(at: morning, temperatureCelsius: 12)
        #expect(try desk.today() != nil)
    }
}
