import Foundation
import Testing

@testable import Recommender

@Suite struct ExplanationTests {
    static let day = TestClosets.day0

    func garment(_ id: String, _ category: GarmentCategory, _ colour: String, wornDaysAgo: Int?) -> Garment {
        Garment(
            id: id, name: "\(colour) \(category.rawValue)", category: category, colour: GarmentColour(name: colour),
            lastWorn: wornDaysAgo.map { Self.day.addingTimeInterval(-86_400 * Double($0)) })
    }

    @Test func reasonsNameColoursRotationAndWeather() throws {
        let closet = [
            garment("a", .shirts, "white", wornDaysAgo: 34),
            garment("b", .pants, "navy", wornDaysAgo: 5),
            garment("c", .shoes, "black", wornDaysAgo: 6),
            garment("d", .coats, "grey", wornDaysAgo: 8),
        ]
        let weather = Weather(date: Self.day, timeZone: TestClosets.utc, temperatureCelsius: 6)
        let recommendation = Recommender().recommend(closet: closet, weather: weather, id: "r1")
        let outfit = try #require(recommendation.outfits.first)
        #expect(outfit.itemIDs == ["a", "b", "c", "d"])
        #expect(outfit.reasons.contains("white + navy"))
        #expect(outfit.reasons.contains("white shirts: not worn for 34 days"))
        #expect(outfit.reasons.contains("warm enough for 6 °C"))
        #expect(outfit.parts.learned == 0)
        #expect(recommendation.id == "r1" && recommendation.date == "2026-09-21")
    }

    @Test func recentWearIsPenalisedAndOldWearRewarded() {
        let settings = RecommenderSettings()
        let weather = Weather(date: Self.day, timeZone: TestClosets.utc)
        let yesterday = ItemScoring.rotation(
            garment("a", .jeans, "denim", wornDaysAgo: 1), on: weather, settings: settings)
        let longAgo = ItemScoring.rotation(
            garment("a", .jeans, "denim", wornDaysAgo: 60), on: weather, settings: settings)
        let never = ItemScoring.rotation(
            garment("a", .jeans, "denim", wornDaysAgo: nil), on: weather, settings: settings)
        #expect(yesterday.score < 0 && yesterday.reason == "denim jeans: worn yesterday")
        #expect(longAgo.score > 0 && longAgo.reason == "denim jeans: not worn for 60 days")
        #expect(never.score == settings.rotationBonus)
    }

    @Test func payloadIsTheDocumentedJSON() throws {
        let closet = [
            garment("a", .tShirts, "white", wornDaysAgo: 20),
            garment("b", .jeans, "denim", wornDaysAgo: 9),
            garment("c", .shoes, "black", wornDaysAgo: nil),
        ]
        let weather = Weather(date: Self.day, timeZone: TestClosets.utc, temperatureCelsius: 21)
        let recommendation = Recommender().recommend(closet: closet, weather: weather, id: "r2")
        let json = try #require(
            try JSONSerialization.jsonObject(with: recommendation.jsonData()) as? [String: Any])
        #expect(json["id"] as? String == "r2")
        #expect(json["date"] as? String == "2026-09-21")
        let weatherJSON = try #require(json["weather"] as? [String: Any])
        #expect(weatherJSON["temperature_celsius"] as? Double == 21)
        #expect(weatherJSON["temperature_source"] as? String == "measured")
        let outfits = try #require(json["outfits"] as? [[String: Any]])
        #expect(outfits.count == 1)
        #expect(outfits[0]["index"] as? Int == 0)
        let items = try #require(outfits[0]["items"] as? [[String: Any]])
        #expect(items.map { $0["id"] as? String } == ["a", "b", "c"])
        #expect(items[0]["category"] as? String == "t-shirts" && items[0]["colour"] as? String == "white")
        let parts = try #require(outfits[0]["parts"] as? [String: Double])
        #expect(Set(parts.keys) == ["colour", "learned", "rotation", "preference"])
        #expect((outfits[0]["reasons"] as? [String])?.isEmpty == false)
    }

    /// The retained payload can be read back (e.g. after a restart, to continue with "next").
    @Test func payloadDecodesBack() throws {
        let closet = TestClosets.closet(items: 60, seed: 12)
        let weather = Weather(date: Self.day, timeZone: TestClosets.utc, temperatureCelsius: 9, isRaining: true)
        let recommendation = Recommender().recommend(closet: closet, weather: weather, id: "r3")
        let decoded = try JSONDecoder().decode(Recommendation.self, from: recommendation.jsonData())
        #expect(decoded.id == "r3" && decoded.date == recommendation.date && decoded.weather == recommendation.weather)
        #expect(decoded.outfits.map(\.items) == recommendation.outfits.map(\.items))
        #expect(decoded.outfits.map(\.reasons) == recommendation.outfits.map(\.reasons))
        for (a, b) in zip(decoded.outfits, recommendation.outfits) { #expect(abs(a.score - b.score) <= 0.0005) }
    }
}
