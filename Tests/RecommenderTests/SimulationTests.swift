import Foundation
import Testing

@testable import Recommender

/// Weeks of mornings with a simulated person: rotation spreads the closet, learning finds the person's taste.
@Suite struct SimulationTests {
    static let dayLength = 86_400.0

    /// A closet of wearable items only (bags and accessories are never in outfits), all clean, none archived.
    static func wearableCloset(items: Int, seed: UInt64, dimension: Int) -> [Garment] {
        var rng = SeededGenerator(seed: seed)
        var closet: [Garment] = []
        while closet.count < items {
            for var garment in SyntheticCloset.make(
                items: items, embeddingDimension: dimension, on: TestClosets.day0, using: &rng)
            where garment.category.slot != nil && closet.count < items {
                garment.id = "g\(closet.count)"
                garment.isClean = true
                garment.isArchived = false
                garment.preference = 0
                closet.append(garment)
            }
        }
        return closet
    }

    /// Spring-to-autumn weather: 6...24 °C, rain one day in five.
    static func weather(day: Int, seed: UInt64) -> Weather {
        var rng = SeededGenerator(seed: seed &+ UInt64(day) &* 7919)
        return Weather(
            date: TestClosets.day0.addingTimeInterval(Double(day) * dayLength), timeZone: TestClosets.utc,
            temperatureCelsius: Double(Int.random(in: 6...24, using: &rng)),
            isRaining: Double.random(in: 0..<1, using: &rng) < 0.2)
    }

    /// Marks the worn items worn today; worn tops and one-pieces go to the laundry (shoes, bottoms and outerwear
    /// are worn again), which is done twice a week.
    static func wear(_ ids: [String], day: Int, closet: inout [Garment]) {
        let date = TestClosets.day0.addingTimeInterval(Double(day) * dayLength)
        for i in closet.indices where ids.contains(closet[i].id) {
            closet[i].lastWorn = date
            closet[i].wearCount += 1
            if closet[i].category.slot == .top || closet[i].category.slot == .onePiece { closet[i].isClean = false }
        }
        if day % 7 == 2 || day % 7 == 6 {
            for i in closet.indices { closet[i].isClean = true }
        }
    }

    /// 60 days of always wearing the first recommendation: the share of the items clean on day 1 that were
    /// recommended (in any of the 3 outfits) and worn.
    static func rotationCoverage(closet start: [Garment], settings: RecommenderSettings, seed: UInt64) -> (
        recommended: Double, worn: Double, cleanAtStart: Int
    ) {
        var closet = start
        let cleanAtStart = Set(closet.filter(\.isAvailable).map(\.id))
        var recommended = Set<String>()
        var wornFirst = Set<String>()
        for day in 0..<60 {
            let recommendation = Recommender(settings: settings).recommend(
                closet: closet, weather: weather(day: day, seed: seed), id: "day\(day)")
            for outfit in recommendation.outfits { recommended.formUnion(outfit.itemIDs) }
            guard let first = recommendation.outfits.first else {
                Issue.record("seed \(seed) day \(day): no outfit for \(weather(day: day, seed: seed))")
                continue
            }
            wornFirst.formUnion(first.itemIDs)
            wear(first.itemIDs, day: day, closet: &closet)
        }
        return (
            Double(recommended.intersection(cleanAtStart).count) / Double(cleanAtStart.count),
            Double(wornFirst.intersection(cleanAtStart).count) / Double(cleanAtStart.count), cleanAtStart.count
        )
    }

    /// Rotation: 60 days of always wearing the first recommendation recommends at least 80 % of the closet
    /// (100 items, some worn yesterday, half with a random wear history); the same days without the rotation part
    /// are printed as the peer.
    @Test func rotationCoversTheCloset() {
        var noRotation = RecommenderSettings()
        noRotation.rotationBonus = 0
        noRotation.recentWearPenalty = 0
        for seed in UInt64(1)...3 {
            var closet = Self.wearableCloset(items: 100, seed: seed, dimension: 8)
            var rng = SeededGenerator(seed: seed)
            for i in closet.indices {
                let draw = Double.random(in: 0..<1, using: &rng)
                if draw < 0.2 {
                    closet[i].lastWorn = TestClosets.day0.addingTimeInterval(-Self.dayLength)
                } else if draw < 0.7 {
                    closet[i].lastWorn = TestClosets.day0.addingTimeInterval(
                        -Self.dayLength * Double(Int.random(in: 2...120, using: &rng)))
                }
            }
            let with = Self.rotationCoverage(closet: closet, settings: RecommenderSettings(), seed: seed)
            let without = Self.rotationCoverage(closet: closet, settings: noRotation, seed: seed)
            print(
                String(
                    format: "rotation seed %llu: %.0f%% of the %d clean items recommended in 60 days, %.0f%% worn "
                        + "(without the rotation part: %.0f%% recommended, %.0f%% worn)",
                    seed, with.recommended * 100, with.cleanAtStart, with.worn * 100, without.recommended * 100,
                    without.worn * 100))
            #expect(with.recommended >= 0.8, "seed \(seed): coverage \(with.recommended)")
            #expect(with.recommended > without.recommended, "seed \(seed): rotation does not help")
        }
    }

    /// A person with a hidden taste: each item has a hidden style vector; they like an outfit when its items' styles
    /// agree on average. The embeddings reflect the hidden styles through an unknown projection plus noise.
    struct Person {
        let style: [String: [Double]]
        let threshold: Double

        func taste(_ ids: [String]) -> Double {
            var total = 0.0
            var pairs = 0.0
            for a in 0..<ids.count {
                for b in (a + 1)..<ids.count {
                    let x = style[ids[a]]!
                    let y = style[ids[b]]!
                    total += zip(x, y).reduce(0) { $0 + $1.0 * $1.1 }
                    pairs += 1
                }
            }
            return pairs > 0 ? total / pairs : 0
        }

        /// Not perfectly consistent: the chance of liking rises steeply (logistically) around the threshold.
        func likes(_ ids: [String], using rng: inout SeededGenerator) -> Bool {
            Double.random(in: 0..<1, using: &rng) < 1 / (1 + exp(-(taste(ids) - threshold) * 10))
        }
    }

    static func person(closet: inout [Garment], seed: UInt64, dimension: Int) -> Person {
        var rng = SeededGenerator(seed: seed ^ 0xC0FFEE)
        let hidden = 4
        let noise = 1.0  // as strong as the signal in each embedding component
        let projection = (0..<dimension).map { _ in (0..<hidden).map { _ in rng.nextGaussian() } }
        var style: [String: [Double]] = [:]
        for i in closet.indices {
            var h = (0..<hidden).map { _ in rng.nextGaussian() }
            let norm = h.reduce(0) { $0 + $1 * $1 }.squareRoot()
            h = h.map { $0 / norm }
            style[closet[i].id] = h
            closet[i].embedding = projection.map { row in
                Float(zip(row, h).reduce(0) { $0 + $1.0 * $1.1 } + noise * rng.nextGaussian())
            }
        }
        return Person(style: style, threshold: 0.1)
    }

    struct Outcome {
        var shown = 0
        var accepted = 0
        var rate: Double { shown == 0 ? 0 : Double(accepted) / Double(shown) }
    }

    /// Runs `days` mornings; the person looks at the outfits in order, accepts the first they like (and wears it) or
    /// rejects it; when they like none they wear their own favourite combination of clean items. Returns the
    /// acceptance per window of days.
    static func run(
        learning: Bool, closet start: [Garment], person: Person, days: Int, windows: [Range<Int>], seed: UInt64
    ) -> [Outcome] {
        var closet = start
        var model = CompatibilityModel(dimension: start[0].embedding.count)
        var history: [FeedbackExample] = []
        var rng = SeededGenerator(seed: seed ^ 0x7EA)
        var moods = SeededGenerator(seed: seed ^ 0x3009)
        let trainer = CompatibilityTrainer()
        var outcomes = [Outcome](repeating: Outcome(), count: windows.count)
        for day in 0..<days {
            let recommender = Recommender(model: learning ? model : nil)
            let recommendation = recommender.recommend(
                closet: closet, weather: weather(day: day, seed: seed), id: "day\(day)")
            var examples: [FeedbackExample] = []
            var worn: [String]? = nil
            for outfit in recommendation.outfits {
                let liked = person.likes(outfit.itemIDs, using: &moods)
                for w in windows.indices where windows[w].contains(day) {
                    outcomes[w].shown += 1
                    if liked { outcomes[w].accepted += 1 }
                }
                examples.append(FeedbackExample(itemIDs: outfit.itemIDs, isPositive: liked))
                if liked {
                    worn = outfit.itemIDs
                    break
                }
            }
            if worn == nil {
                worn = ownChoice(closet: closet, person: person, using: &rng)
                examples.append(FeedbackExample(itemIDs: worn!, isPositive: true))
            }
            if learning {
                for example in examples {
                    trainer.learn(example, history: history, closet: closet, model: &model, using: &rng)
                    history.append(example)
                }
            }
            wear(worn!, day: day, closet: &closet)
        }
        return outcomes
    }

    /// The person's own pick: the best-liked of 100 random top + bottom + shoes combinations of clean items.
    static func ownChoice(closet: [Garment], person: Person, using rng: inout SeededGenerator) -> [String] {
        func pool(_ slot: OutfitSlot) -> [String] {
            closet.filter { $0.isClean && $0.category.slot == slot }.map(\.id)
        }
        let tops = pool(.top)
        let bottoms = pool(.bottom)
        let shoes = pool(.shoes)
        guard !tops.isEmpty, !bottoms.isEmpty, !shoes.isEmpty else { return [] }
        var best: [String] = []
        var bestTaste = -Double.infinity
        for _ in 0..<100 {
            let outfit = [
                tops.randomElement(using: &rng)!, bottoms.randomElement(using: &rng)!,
                shoes.randomElement(using: &rng)!,
            ]
            let taste = person.taste(outfit)
            if taste > bestTaste {
                best = outfit
                bestTaste = taste
            }
        }
        return best
    }

    /// Learning: after 30 days of feedback the learned recommender's acceptance rate (days 31–45, learning goes on) is
    /// at least 1.5× the rules-only recommender's on the same days (same closets, weather and laundry; each its own
    /// wear history). The rates of days 1–30 are printed too.
    @Test func learningBeatsTheRulesAfterThirtyDays() {
        var learned = Outcome()
        var rules = Outcome()
        var learnedAll = Outcome()
        var rulesAll = Outcome()
        let windows = [0..<30, 30..<45]
        for seed in UInt64(1)...4 {
            var closet = Self.wearableCloset(items: 60, seed: seed + 100, dimension: 16)
            let person = Self.person(closet: &closet, seed: seed, dimension: 16)
            let withLearning = Self.run(
                learning: true, closet: closet, person: person, days: 45, windows: windows, seed: seed)
            let rulesOnly = Self.run(
                learning: false, closet: closet, person: person, days: 45, windows: windows, seed: seed)
            print(
                String(
                    format:
                        "learning seed %llu: days 1-30 learned %.0f%% vs rules %.0f%%; "
                            + "days 31-45 learned %.0f%% vs rules %.0f%%",
                    seed, withLearning[0].rate * 100, rulesOnly[0].rate * 100, withLearning[1].rate * 100,
                    rulesOnly[1].rate * 100))
            learnedAll.shown += withLearning[0].shown
            learnedAll.accepted += withLearning[0].accepted
            rulesAll.shown += rulesOnly[0].shown
            rulesAll.accepted += rulesOnly[0].accepted
            learned.shown += withLearning[1].shown
            learned.accepted += withLearning[1].accepted
            rules.shown += rulesOnly[1].shown
            rules.accepted += rulesOnly[1].accepted
        }
        print(
            String(
                format:
                    "learning: acceptance after 30 days (days 31-45, 4 closets) learned %.1f%% (%d/%d) "
                        + "vs rules only %.1f%% (%d/%d): %.2fx; during days 1-30 %.1f%% vs %.1f%%",
                learned.rate * 100, learned.accepted, learned.shown, rules.rate * 100, rules.accepted, rules.shown,
                learned.rate / max(rules.rate, 1e-9), learnedAll.rate * 100, rulesAll.rate * 100))
        #expect(rules.shown > 0 && learned.shown > 0)
        #expect(learned.rate >= 1.5 * rules.rate)
    }
}
