import Foundation
import Testing

@testable import Recommender

/// The branch-and-bound search returns exactly what scoring every outfit would.
@Suite struct SearchTests {
    /// Random closets of 6–60 items, random weather, with and without a learned part, k = 1…5: identical results
    /// (same outfits, same order, bit-identical scores). Also checks every template was exercised.
    @Test func equalsBruteForceOnRandomClosets() {
        var templatesSeen = Set<OutfitTemplate>()
        var outfitsCompared = 0
        for seed in UInt64(1)...240 {
            let items = 6 + Int(seed % 55)
            let closet = TestClosets.closet(items: items, seed: seed)
            let weather = TestClosets.weather(seed: seed)
            let model = seed % 2 == 0 ? TestClosets.randomModel(dimension: 8, seed: seed) : nil
            let tables = ScoreTables(closet: closet, weather: weather, settings: RecommenderSettings(), model: model)
            let count = 1 + Int(seed % 5)
            let fast = OutfitSearch.topOutfits(tables, count: count)
            let reference = ExhaustiveSearch.topOutfits(tables, count: count)
            #expect(fast == reference, "seed \(seed): \(items) items, k=\(count)")
            templatesSeen.formUnion(fast.map(\.template))
            outfitsCompared += reference.count
        }
        print("search = brute force: \(outfitsCompared) outfits on 240 closets, templates seen: \(templatesSeen.count)")
        #expect(templatesSeen == Set(OutfitTemplate.allCases))
    }

    /// Each template on its own, so the one-piece and outerwear templates are tested as much as the others.
    @Test(arguments: OutfitTemplate.allCases)
    func equalsBruteForcePerTemplate(_ template: OutfitTemplate) {
        for seed in UInt64(1000)...1060 {
            let items = 20 + Int(seed % 41)
            let closet = TestClosets.closet(items: items, seed: seed)
            var weather = TestClosets.weather(seed: seed)
            weather.isRaining = false
            let model = seed % 3 == 0 ? TestClosets.randomModel(dimension: 8, seed: seed) : nil
            var tables = ScoreTables(closet: closet, weather: weather, settings: RecommenderSettings(), model: model)
            guard tables.templates.contains(template) else { continue }
            tables.templates = [template]
            let fast = OutfitSearch.topOutfits(tables, count: 3)
            let reference = ExhaustiveSearch.topOutfits(tables, count: 3)
            #expect(fast == reference, "seed \(seed): \(items) items, template \(template.rawValue)")
        }
    }

    /// A closet just taken into use (nothing worn, colours by name only) is full of equal scores: the search still
    /// returns exactly the brute force's outfits, ties broken the same way.
    @Test func equalsBruteForceWithManyTies() {
        for seed in UInt64(2000)...2080 {
            let items = 10 + Int(seed % 51)
            var closet = TestClosets.closet(items: items, seed: seed)
            for i in closet.indices {
                closet[i].lastWorn = nil
                closet[i].colour.measured = nil
                closet[i].preference = 0
            }
            let weather = TestClosets.weather(seed: seed)
            let tables = ScoreTables(closet: closet, weather: weather, settings: RecommenderSettings(), model: nil)
            let count = 1 + Int(seed % 4)
            #expect(
                OutfitSearch.topOutfits(tables, count: count) == ExhaustiveSearch.topOutfits(tables, count: count),
                "seed \(seed): \(items) items, k=\(count)")
        }
    }

    /// Ties (identical items) are broken the same way by both searches.
    @Test func tiesAreBrokenIdentically() {
        let shirt = Garment(id: "s", name: "white shirt", category: .shirts, colour: .init(name: "white"))
        let jeans = Garment(id: "j", name: "jeans", category: .jeans, colour: .init(name: "denim"))
        let shoes = Garment(id: "f", name: "shoes", category: .shoes, colour: .init(name: "black"))
        var closet: [Garment] = []
        for i in 0..<4 {
            for var g in [shirt, jeans, shoes] {
                g.id += "\(i)"
                closet.append(g)
            }
        }
        let weather = Weather(date: TestClosets.day0, timeZone: TestClosets.utc, temperatureCelsius: 18)
        let tables = ScoreTables(closet: closet, weather: weather, settings: RecommenderSettings(), model: nil)
        let fast = OutfitSearch.topOutfits(tables, count: 3)
        #expect(fast == ExhaustiveSearch.topOutfits(tables, count: 3))
        #expect(fast.count == 3)
    }

    /// The canonical score from the tables equals the explained parts' sum computed from the garments.
    @Test func tableScoresMatchTheExplainedParts() {
        for seed in UInt64(1)...40 {
            let closet = TestClosets.closet(items: 40, seed: seed)
            let weather = TestClosets.weather(seed: seed)
            let recommender = Recommender(model: TestClosets.randomModel(dimension: 8, seed: seed))
            let recommendation = recommender.recommend(closet: closet, weather: weather)
            for outfit in recommendation.outfits {
                #expect(abs(outfit.parts.total - outfit.score) < 1e-5, "seed \(seed)")
                let embeddings = outfit.itemIDs.map { id in
                    recommender.model!.normalised(closet.first { $0.id == id }!.embedding)
                }
                let scale = ScoreTables.scales(slotCount: embeddings.count).pair
                let learned = Double(recommender.model!.outfitScore(embeddings)) * scale
                #expect(
                    abs(learned - outfit.parts.learned) < 1e-4,
                    "seed \(seed): learned \(learned) vs \(outfit.parts.learned)")
            }
        }
    }

    /// An empty or unusable closet gives no outfits rather than a crash; so do silly counts.
    @Test func emptyClosetGivesNothing() {
        let closet = TestClosets.closet(items: 40, seed: 8)
        let day = Weather(date: TestClosets.day0, timeZone: TestClosets.utc, temperatureCelsius: 12)
        #expect(Recommender().recommend(closet: closet, weather: day, count: 0).outfits.isEmpty)
        #expect(Recommender().recommend(closet: closet, weather: day, count: -3).outfits.isEmpty)
        let many = Recommender().recommend(closet: closet, weather: day, count: 1000).outfits
        #expect(many.count > 3 && many.count <= 32)
        let weather = Weather(date: TestClosets.day0, timeZone: TestClosets.utc, temperatureCelsius: 10)
        #expect(Recommender().recommend(closet: [], weather: weather).outfits.isEmpty)
        let onlyBags = [Garment(id: "b", name: "bag", category: .bags, colour: .init(name: "black"))]
        #expect(Recommender().recommend(closet: onlyBags, weather: weather).outfits.isEmpty)
    }
}
