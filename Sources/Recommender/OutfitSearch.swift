/// Exact top-k outfit search by branch and bound over the whole product of the closet.
///
/// The diverse top k is built greedily and exactly: the best outfit, then the best outfit sharing at most one item
/// with it, then the best sharing at most one item with each of those — the same definition `ExhaustiveSearch`
/// computes by brute force. Each step is a depth-first branch and bound over every usable template at once (one
/// shared incumbent): slots are filled in template order, candidates of a slot are tried in the order of a static
/// upper bound (their unary part plus their best pair into every later slot), and a branch is cut when
/// partial score + bound on the rest cannot reach the incumbent, when its warmth can no longer fit the day, or when
/// it already shares two items with an outfit chosen before.
enum OutfitSearch {
    /// The best `count` diverse outfits (fewer when the closet has fewer).
    static func topOutfits(_ tables: ScoreTables, count: Int) -> [ScoredOutfit] {
        let plans = tables.templates.map { TemplatePlan(tables: tables, template: $0) }
        var chosen: [ScoredOutfit] = []
        while chosen.count < count {
            var incumbent: ScoredOutfit? = nil
            for plan in plans {
                let search = PlanSearch(plan: plan, tables: tables, chosen: chosen, incumbent: incumbent)
                search.descend(0, 0, 0)
                incumbent = search.incumbent
            }
            guard let best = incumbent else { break }
            chosen.append(best)
        }
        return chosen
    }
}

/// The bounds of one template for one day, computed once and shared by the k searches.
struct TemplatePlan: Sendable {
    let template: OutfitTemplate
    /// Slot indices in template order.
    let slots: [Int]
    let unaryScale: Double
    let pairScale: Double
    let sizes: [Int]
    /// Per level: unary part × unary scale.
    let scaledUnary: [[Double]]
    /// rowMax[a][b][x]: the best raw pair score of candidate x of level a with any candidate of level b (a < b).
    let rowMax: [[[Double]]]
    /// globalMax[a][b]: the best raw pair score between levels a and b.
    let globalMax: [[Double]]
    /// Per level: the best scaled unary.
    let maxUnary: [Double]
    /// Per level: candidates in descending order of their static key, and the keys.
    let order: [[Int]]
    let sortedKeys: [[Double]]
    /// Per level: the least and the most warmth the levels from here on can add.
    let minWarmthFrom: [Double]
    let maxWarmthFrom: [Double]

    init(tables: ScoreTables, template: OutfitTemplate) {
        self.template = template
        let slots = template.slots.map(\.index)
        self.slots = slots
        let m = slots.count
        (unaryScale, pairScale) = ScoreTables.scales(slotCount: m)
        let sizes = slots.map { tables.items[$0].count }
        self.sizes = sizes
        let unaryScale = self.unaryScale, pairScale = self.pairScale
        let scaledUnary = slots.map { tables.unary[$0].map { $0 * unaryScale } }
        self.scaledUnary = scaledUnary
        maxUnary = scaledUnary.map { $0.max() ?? -.infinity }
        var rowMax = [[[Double]]](repeating: [[Double]](repeating: [], count: m), count: m)
        var globalMax = [[Double]](repeating: [Double](repeating: -.infinity, count: m), count: m)
        for a in 0..<m {
            for b in (a + 1)..<m {
                let table = tables.pairs[slots[a] * 5 + slots[b]]!
                let columns = sizes[b]
                var maxima = [Double](repeating: -.infinity, count: sizes[a])
                table.withUnsafeBufferPointer { t in
                    for r in 0..<sizes[a] {
                        var best = -Double.infinity
                        for c in 0..<columns where t[r * columns + c] > best { best = t[r * columns + c] }
                        maxima[r] = best
                    }
                }
                rowMax[a][b] = maxima
                globalMax[a][b] = maxima.max() ?? -.infinity
            }
        }
        self.rowMax = rowMax
        self.globalMax = globalMax
        var order: [[Int]] = []
        var sortedKeys: [[Double]] = []
        for k in 0..<m {
            var keys = scaledUnary[k]
            for t in (k + 1)..<m {
                for y in 0..<sizes[k] { keys[y] += pairScale * rowMax[k][t][y] }
            }
            let levelOrder = (0..<sizes[k]).sorted { keys[$0] > keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
            order.append(levelOrder)
            sortedKeys.append(levelOrder.map { keys[$0] })
        }
        self.order = order
        self.sortedKeys = sortedKeys
        let warmth = slots.map { tables.warmth[$0] }
        var minFrom = [Double](repeating: 0, count: m + 1)
        var maxFrom = [Double](repeating: 0, count: m + 1)
        for k in stride(from: m - 1, through: 0, by: -1) {
            minFrom[k] = minFrom[k + 1] + (warmth[k].min() ?? 0)
            maxFrom[k] = maxFrom[k + 1] + (warmth[k].max() ?? 0)
        }
        minWarmthFrom = minFrom
        maxWarmthFrom = maxFrom
    }
}

/// One depth-first branch and bound over one template, continuing from (and improving) an incumbent.
final class PlanSearch {
    let plan: TemplatePlan
    let tables: ScoreTables
    let chosen: [ScoredOutfit]
    private(set) var incumbent: ScoredOutfit?
    private var positions: [Int]
    private var shared: [Int]
    private let pairTables: [[[Double]]]
    private let warmth: [[Double]]
    private let closetIndex: [[Int]]
    private let warmthLow: Double
    private let warmthHigh: Double
    /// Bounds are summed in another order than the canonical score: cut only below the incumbent by this margin.
    private var threshold = -Double.infinity

    init(plan: TemplatePlan, tables: ScoreTables, chosen: [ScoredOutfit], incumbent: ScoredOutfit?) {
        self.plan = plan
        self.tables = tables
        self.chosen = chosen
        self.incumbent = incumbent
        let m = plan.slots.count
        positions = [Int](repeating: 0, count: m)
        shared = [Int](repeating: 0, count: chosen.count)
        var pairTables = [[[Double]]](repeating: [[Double]](repeating: [], count: m), count: m)
        for a in 0..<m {
            for b in (a + 1)..<m { pairTables[a][b] = tables.pairs[plan.slots[a] * 5 + plan.slots[b]]! }
        }
        self.pairTables = pairTables
        warmth = plan.slots.map { tables.warmth[$0] }
        closetIndex = plan.slots.map { tables.items[$0] }
        warmthLow = tables.warmthRange.lowerBound - 1e-9
        warmthHigh = tables.warmthRange.upperBound + 1e-9
        updateThreshold()
    }

    private func updateThreshold() {
        guard let incumbent else { return }
        threshold = incumbent.score - 1e-9 * max(1, abs(incumbent.score))
    }

    /// Fills level `k` given levels below it; `partial` is their scaled score, `partialWarmth` their warmth.
    func descend(_ k: Int, _ partial: Double, _ partialWarmth: Double) {
        let m = plan.slots.count
        let pairScale = plan.pairScale
        var rest = 0.0
        for t in (k + 1)..<m {
            rest += plan.maxUnary[t]
            for s in 0..<k { rest += pairScale * plan.rowMax[s][t][positions[s]] }
            for s in (k + 1)..<t { rest += pairScale * plan.globalMax[s][t] }
        }
        var toAssignedMax = 0.0
        for s in 0..<k { toAssignedMax += pairScale * plan.rowMax[s][k][positions[s]] }
        let base = partial + rest
        let order = plan.order[k], keys = plan.sortedKeys[k]
        let columns = plan.sizes[k]
        let isLeaf = k == m - 1
        for i in 0..<order.count {
            let key = keys[i]
            let optimistic = base + toAssignedMax + key
            if optimistic < threshold || !(optimistic > -.infinity) { break }
            let y = order[i]
            var pairSum = 0.0
            for s in 0..<k { pairSum += pairTables[s][k][positions[s] * columns + y] }
            let q = pairScale * pairSum
            let bound = base + q + key
            if bound < threshold || !(bound > -.infinity) { continue }
            let w = partialWarmth + warmth[k][y]
            if w + plan.minWarmthFrom[k + 1] > warmthHigh || w + plan.maxWarmthFrom[k + 1] < warmthLow { continue }
            let item = closetIndex[k][y]
            var tooSimilar = false
            for c in 0..<chosen.count where chosen[c].closetIndices.contains(item) {
                shared[c] += 1
                if shared[c] > 1 { tooSimilar = true }
            }
            if !tooSimilar {
                positions[k] = y
                if isLeaf {
                    considerLeaf()
                } else {
                    descend(k + 1, partial + plan.scaledUnary[k][y] + q, w)
                }
            }
            for c in 0..<chosen.count where chosen[c].closetIndices.contains(item) { shared[c] -= 1 }
        }
    }

    private func considerLeaf() {
        guard tables.warmthFits(plan.template, positions: positions) else { return }
        let score = tables.score(plan.template, positions: positions)
        guard score > -.infinity else { return }
        let outfit = ScoredOutfit(
            template: plan.template, positions: positions,
            closetIndices: tables.closetIndices(plan.template, positions: positions), score: score)
        if let incumbent, !outfit.ranksBefore(incumbent) { return }
        incumbent = outfit
        updateThreshold()
    }
}
