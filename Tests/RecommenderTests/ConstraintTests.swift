import Foundation
import Testing

@testable import Recommender

/// Weather and laundry rules are never broken, whatever the closet and the day.
@Suite struct ConstraintTests {
    @Test func weatherLaundryPatternAndDiversityRulesHold() {
        let settings = RecommenderSettings()
        var outfitsChecked = 0
        for seed in UInt64(1)...300 {
            let closet = TestClosets.closet(items: 20 + Int(seed % 120), seed: seed)
            let weather = TestClosets.weather(seed: seed)
            let model = seed % 2 == 0 ? TestClosets.randomModel(dimension: 8, seed: seed) : nil
            let recommendation = Recommender(model: model).recommend(closet: closet, weather: weather, count: 3)
            let range = settings.warmthRule.range(forCelsius: weather.effectiveTemperatureCelsius)
            for outfit in recommendation.outfits {
                outfitsChecked += 1
                let garments = outfit.itemIDs.map { id in closet.first { $0.id == id }! }
                #expect(garments.allSatisfy { $0.isClean && !$0.isArchived }, "seed \(seed): dirty or archived item")
                #expect(garments.map { $0.category.slot! } == outfit.template.slots, "seed \(seed): slots")
                let warmth = garments.reduce(0) { $0 + settings.warmth(of: $1) }
                #expect(range.contains(warmth), "seed \(seed): warmth \(warmth) outside \(range)")
                if weather.isRaining
                    && weather.effectiveTemperatureCelsius < settings.warmthRule.rainOuterwearBelowCelsius
                {
                    #expect(outfit.template.hasOuterwear, "seed \(seed): rain without outerwear")
                }
                #expect(garments.filter { $0.pattern == .bold }.count <= 1, "seed \(seed): two bold patterns")
            }
            for (i, a) in recommendation.outfits.enumerated() {
                for b in recommendation.outfits[(i + 1)...] {
                    #expect(Set(a.itemIDs).intersection(b.itemIDs).count <= 1, "seed \(seed): outfits too similar")
                }
            }
        }
        print("constraints held on \(outfitsChecked) recommended outfits")
        #expect(outfitsChecked > 500)
    }

    @Test func coldDayNeedsACoatAndHotDayNone() {
        let closet = [
            Garment(id: "t", name: "T-shirt", category: .tShirts, colour: .init(name: "white")),
            Garment(id: "s", name: "shorts", category: .shorts, colour: .init(name: "beige")),
            Garment(id: "j", name: "jeans", category: .jeans, colour: .init(name: "denim")),
            Garment(id: "f", name: "sneakers", category: .shoes, colour: .init(name: "white")),
            Garment(id: "c", name: "wool coat", category: .coats, colour: .init(name: "navy")),
            Garment(id: "k", name: "rain jacket", category: .jackets, colour: .init(name: "olive")),
        ]
        func outfits(_ celsius: Double, rain: Bool = false) -> [[String]] {
            let weather = Weather(
                date: TestClosets.day0, timeZone: TestClosets.utc, temperatureCelsius: celsius, isRaining: rain)
            return Recommender().recommend(closet: closet, weather: weather, count: 5).outfits.map(\.itemIDs)
        }
        #expect(outfits(-5).allSatisfy { $0.contains("c") })
        #expect(!outfits(-5).isEmpty)
        #expect(outfits(30).allSatisfy { !$0.contains("c") && !$0.contains("k") })
        #expect(outfits(30).contains(["t", "s", "f"]))
        #expect(outfits(16, rain: true).allSatisfy { $0.contains("c") || $0.contains("k") })
        var dirty = closet
        dirty[4].isClean = false
        dirty[5].isArchived = true
        let weather = Weather(date: TestClosets.day0, timeZone: TestClosets.utc, temperatureCelsius: -5)
        #expect(Recommender().recommend(closet: dirty, weather: weather).outfits.isEmpty)
    }

    @Test func seasonDecidesWithoutATemperature() {
        let winter = Weather(
            date: Date(timeIntervalSince1970: 1_800_000_000) /* 2027-01-15 */, timeZone: TestClosets.utc)
        #expect(winter.season == .winter)
        let summer = Weather(
            date: Date(timeIntervalSince1970: 1_800_000_000 + 180 * 86_400) /* 2027-07-14 */, timeZone: TestClosets.utc)
        #expect(summer.season == .summer)
        #expect(winter.effectiveTemperatureCelsius < summer.effectiveTemperatureCelsius)
        var south = summer
        south.southernHemisphere = true
        #expect(south.season == .winter)
    }
}
