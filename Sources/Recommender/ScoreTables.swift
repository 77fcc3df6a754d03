/// Everything the search needs for one day, precomputed: the candidate items of each slot with their unary score
/// and warmth, and for each pair of slots that meet in a template a dense table of pair scores.
///
/// The score of an outfit with template T (m slots, m(m−1)/2 pairs) is
///     (3/m) · Σ unary + (3/#pairs) · Σ pair
/// i.e. three times the mean unary plus three times the mean pair score, so that outfits of different sizes compare
/// fairly; both the search and the brute-force reference compute it with `score(_:positions:)`, in one fixed order,
/// so equal outfits get bit-identical scores. Unary = rotation + preference; pair = colour harmony + learned
/// compatibility, or −∞ when the pair is forbidden (two bold patterns). Values are quantised (see `quantised`).
struct ScoreTables: Sendable {
    /// The closet as given (indices below point into it).
    let closet: [Garment]
    /// Per slot (by `OutfitSlot.index`): the closet indices of its candidates (clean, not archived), ascending.
    let items: [[Int]]
    /// Per slot: rotation part of each candidate.
    let rotation: [[Double]]
    /// Per slot: preference part of each candidate.
    let preference: [[Double]]
    /// Per slot: rotation + preference.
    let unary: [[Double]]
    /// Per slot: warmth of each candidate.
    let warmth: [[Double]]
    /// Pair tables, row-major `items[a].count × items[b].count`, keyed by `a * 5 + b` for slot indices a < b.
    let pairs: [Int: [Double]]
    /// Learned part of the pair tables (already weighted), same layout; absent when the model is untrained.
    let learned: [Int: [Float]]
    /// The allowed outfit warmth.
    let warmthRange: ClosedRange<Double>
    /// The templates that can be used today (all slots have candidates; outerwear if the rain demands it); tests
    /// narrow it to one template.
    var templates: [OutfitTemplate]

    /// The slot pairs that meet in some template.
    static let slotPairs: [(Int, Int)] = [(0, 1), (0, 3), (0, 4), (1, 3), (1, 4), (3, 4), (2, 3), (2, 4)]

    init(closet: [Garment], weather: Weather, settings: RecommenderSettings, model: CompatibilityModel?) {
        self.closet = closet
        var items = [[Int]](repeating: [], count: 5)
        for (index, garment) in closet.enumerated() where garment.isAvailable {
            items[garment.category.slot!.index].append(index)
        }
        self.items = items
        rotation = items.map {
            $0.map { ItemScoring.rotation(closet[$0], on: weather, settings: settings, withReason: false).score }
        }
        preference = items.map {
            $0.map { ItemScoring.preference(closet[$0], settings: settings, withReason: false).score }
        }
        unary = zip(rotation, preference).map { zip($0, $1).map { Self.quantised($0 + $1) } }
        warmth = items.map { $0.map { settings.warmth(of: closet[$0]) } }
        warmthRange = settings.warmthRule.range(forCelsius: weather.effectiveTemperatureCelsius)
        let needsOuterwear = settings.warmthRule.requiresOuterwear(weather)
        templates = OutfitTemplate.allCases.filter { template in
            (!needsOuterwear || template.hasOuterwear) && template.slots.allSatisfy { !items[$0.index].isEmpty }
        }

        let profiles = items.map { $0.map { ColourProfile(closet[$0].colour) } }
        let bold = items.map { $0.map { closet[$0].pattern == .bold } }
        var learned: [Int: [Float]] = [:]
        if let model, model.isTrained {
            let embeddings = items.map { $0.map { model.normalised(closet[$0].embedding) } }
            let weight = Float(settings.learnedWeight)
            for (a, b) in Self.slotPairs where !items[a].isEmpty && !items[b].isEmpty {
                learned[a * 5 + b] = model.pairTable(rows: embeddings[a], columns: embeddings[b], scale: weight)
            }
        }
        self.learned = learned
        let neutralScore = settings.score(for: .neutral)
        let analogousScore = settings.score(for: .analogous)
        let complementaryScore = settings.score(for: .complementary)
        let clashScore = settings.score(for: .clash)
        let unknownScore = settings.score(for: .unknown)
        var pairs: [Int: [Double]] = [:]
        for (a, b) in Self.slotPairs {
            let rows = items[a].count
            let columns = items[b].count
            var table = [Double](repeating: 0, count: rows * columns)
            let learnedTable = learned[a * 5 + b]
            let rowProfiles = profiles[a]
            let columnProfiles = profiles[b]
            let rowBold = bold[a]
            let columnBold = bold[b]
            table.withUnsafeMutableBufferPointer { out in
                for r in 0..<rows {
                    let p = rowProfiles[r]
                    for c in 0..<columns {
                        if rowBold[r] && columnBold[c] {
                            out[r * columns + c] = -.infinity
                            continue
                        }
                        // The judgement of ColourProfile.judge, inlined: this loop runs for every pair of items.
                        let q = columnProfiles[c]
                        var value: Double
                        if !(p.known && q.known) {
                            value = unknownScore
                        } else if p.neutral || q.neutral {
                            value = neutralScore
                        } else {
                            let difference = ColourHarmony.hueDistance(p.hueDegrees, q.hueDegrees)
                            value =
                                difference <= ColourHarmony.analogousDegrees
                                ? analogousScore
                                : difference >= ColourHarmony.complementaryDegrees ? complementaryScore : clashScore
                        }
                        if let learnedTable { value += Double(learnedTable[r * columns + c]) }
                        out[r * columns + c] = Self.quantised(value)
                    }
                }
            }
            pairs[a * 5 + b] = table
        }
        self.pairs = pairs
    }

    /// Table values are multiples of 2⁻²⁴ within ±2²⁰, and the template scales (1, 0.75, 1.5; 1, 0.5, 3) are dyadic:
    /// so every sum of a few scaled table values is exact in Double, whatever its order. Bounds are then exact too,
    /// and the search can compare them with the incumbent without a rounding margin — which ties need.
    static func quantised(_ value: Double) -> Double {
        let limit = 1_048_576.0
        guard value.isFinite else { return value.isNaN ? 0 : value > 0 ? limit : -.infinity }
        // Adding and subtracting 1.5 · 2²⁸ rounds to the nearest multiple of 2⁻²⁴ (|value| ≤ 2²⁰ keeps it exact);
        // a libm round() per table entry was a measurable share of building the tables.
        let magic = 402_653_184.0
        return (min(max(value, -limit), limit) + magic) - magic
    }

    /// The weights of the unary and pair sums for a template with `slotCount` slots.
    static func scales(slotCount: Int) -> (unary: Double, pair: Double) {
        let pairCount = slotCount * (slotCount - 1) / 2
        return (3 / Double(slotCount), 3 / Double(pairCount))
    }

    /// The pair score of positions `r` in slot `a` and `c` in slot `b` (a < b).
    @inline(__always)
    func pair(_ a: Int, _ r: Int, _ b: Int, _ c: Int) -> Double {
        pairs[a * 5 + b]![r * items[b].count + c]
    }

    /// The canonical score of an outfit: `positions[k]` is the position in slot `template.slots[k]`'s candidates.
    /// −∞ when a pair is forbidden.
    func score(_ template: OutfitTemplate, positions: [Int]) -> Double {
        let slots = template.slots.map(\.index)
        let (unaryScale, pairScale) = Self.scales(slotCount: slots.count)
        var unarySum = 0.0
        for k in 0..<slots.count { unarySum += unary[slots[k]][positions[k]] }
        var pairSum = 0.0
        for a in 0..<slots.count {
            for b in (a + 1)..<slots.count {
                pairSum += pair(slots[a], positions[a], slots[b], positions[b])
            }
        }
        return unaryScale * unarySum + pairScale * pairSum
    }

    /// Whether an outfit's warmth suits the day (summed in canonical order).
    func warmthFits(_ template: OutfitTemplate, positions: [Int]) -> Bool {
        warmthRange.contains(outfitWarmth(template, positions: positions))
    }

    /// The outfit's warmth: the sum of its items'.
    func outfitWarmth(_ template: OutfitTemplate, positions: [Int]) -> Double {
        var total = 0.0
        for (k, slot) in template.slots.enumerated() { total += warmth[slot.index][positions[k]] }
        return total
    }

    /// The closet indices of an outfit's items, in slot order.
    func closetIndices(_ template: OutfitTemplate, positions: [Int]) -> [Int] {
        template.slots.enumerated().map { items[$0.element.index][positions[$0.offset]] }
    }
}
