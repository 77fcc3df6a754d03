/// Exact top-k outfit search by branch and bound over the whole product of the closet.
///
/// The diverse top k is built greedily and exactly: the best outfit, then the best outfit sharing at most one item
/// with it, then the best sharing at most one item with each of those — the same definition `ExhaustiveSearch`
/// computes by brute force. Each step is a depth-first branch and bound over every usable template at once (one
/// shared incumbent): slots are filled in template order, candidates of a slot are tried in the order of a static
/// upper bound (see `TemplatePlan`), and a branch is cut when partial score + bound on the rest cannot reach the
/// incumbent (or only tie with it without winning the tie), when its warmth can no longer fit the day, or when it
/// already shares two items with an outfit chosen before. All sums are exact (`ScoreTables.quantised`), so no
/// rounding margin is needed.
enum OutfitSearch {
    /// The best `count` diverse outfits (fewer when the closet has fewer).
    static func topOutfits(_ tables: ScoreTables, count: Int) -> [ScoredOutfit] {
        var statistics = Statistics()
        return topOutfits(tables, count: count, statistics: &statistics)
    }

    /// The most outfits one search returns (chosen outfits are tracked in a 32-bit mask).
    static let maximumCount = 32

    /// What a search did, for the benchmark.
    struct Statistics {
        /// Partial outfits extended (search tree nodes).
        var nodes = 0
        /// Complete outfits scored.
        var leaves = 0
    }

    /// The same, counting the work done into `statistics`.
    static func topOutfits(_ tables: ScoreTables, count requested: Int, statistics: inout Statistics) -> [ScoredOutfit]
    {
        let count = min(requested, maximumCount)
        // Templates whose best possible outfit is highest go first: a good incumbent early cuts more.
        let plans = tables.templates.map { TemplatePlan(tables: tables, template: $0) }
            .sorted { $0.optimisticBest > $1.optimisticBest }
        var chosen: [ScoredOutfit] = []
        // Every outfit scored so far: the best one still allowed seeds the next search's incumbent.
        var scored: [ScoredOutfit] = []
        while chosen.count < count {
            var incumbent: ScoredOutfit? = nil
            for outfit in scored where chosen.allSatisfy({ $0.sharedItems(with: outfit) <= 1 }) {
                if incumbent == nil || outfit.ranksBefore(incumbent!) { incumbent = outfit }
            }
            for plan in plans {
                let search = PlanSearch(plan: plan, tables: tables, chosen: chosen, incumbent: incumbent)
                search.descend(0, 0, 0)
                incumbent = search.incumbent
                scored += search.scored
                statistics.nodes += search.nodes
                statistics.leaves += search.scored.count
            }
            guard let best = incumbent else { break }
            chosen.append(best)
        }
        return chosen
    }
}

/// The bounds of one template for one day, computed once and shared by the k searches.
///
/// Notation: level k is the template's k-th slot; su = unary × unary scale; P = raw pair table; ps = pair scale.
struct TemplatePlan: Sendable {
    let template: OutfitTemplate
    /// Slot indices in template order.
    let slots: [Int]
    let unaryScale: Double
    let pairScale: Double
    let sizes: [Int]
    /// Per level: su.
    let scaledUnary: [[Double]]
    /// rowMax[a][b][x] = max_z P_ab(x, z) (a < b).
    let rowMax: [[[Double]]]
    /// rowMaxWithUnary[a][t][x] = max_z (su_t(z) + ps · P_at(x, z)): the best level t can add given level a's
    /// item x, counting only t's unary part and its pair with a.
    let rowMaxWithUnary: [[[Double]]]
    /// firstRowMax[t] = rowMaxWithUnary[0][t].
    let firstRowMax: [[Double]]
    /// globalMax[a][b] = max P_ab.
    let globalMax: [[Double]]
    /// Per level: candidates in descending order of their static key, and the keys. Level k ≥ 1's key is
    /// su_k(y) + ps · Σ_{t>k} rowMax[k][t][y]; level 0's is su_0(x) + max_y (key_1(y) + ps · P_01(x, y)) +
    /// Σ_{t≥2} firstRowMax[t][x].
    let order: [[Int]]
    let sortedKeys: [[Double]]
    /// Per level: the least and the most warmth the levels from here on can add.
    let minWarmthFrom: [Double]
    let maxWarmthFrom: [Double]
    /// An upper bound on every outfit of this template.
    let optimisticBest: Double

    init(tables: ScoreTables, template: OutfitTemplate) {
        self.template = template
        let slots = template.slots.map(\.index)
        self.slots = slots
        let m = slots.count
        let (unaryScale, pairScale) = ScoreTables.scales(slotCount: m)
        self.unaryScale = unaryScale
        self.pairScale = pairScale
        let sizes = slots.map { tables.items[$0].count }
        self.sizes = sizes
        let scaledUnary = slots.map { tables.unary[$0].map { $0 * unaryScale } }
        self.scaledUnary = scaledUnary
        var rowMax = [[[Double]]](repeating: [[Double]](repeating: [], count: m), count: m)
        var rowMaxWithUnary = [[[Double]]](repeating: [[Double]](repeating: [], count: m), count: m)
        var globalMax = [[Double]](repeating: [Double](repeating: -.infinity, count: m), count: m)
        for a in 0..<m {
            for b in (a + 1)..<m {
                let table = tables.pairs[slots[a] * 5 + slots[b]]!
                let columns = sizes[b]
                var maxima = [Double](repeating: -.infinity, count: sizes[a])
                var withUnary = [Double](repeating: -.infinity, count: sizes[a])
                let unaryB = scaledUnary[b]
                table.withUnsafeBufferPointer { t in
                    for r in 0..<sizes[a] {
                        var best = -Double.infinity
                        for c in 0..<columns where t[r * columns + c] > best { best = t[r * columns + c] }
                        maxima[r] = best
                        do {
                            var bestWithUnary = -Double.infinity
                            for c in 0..<columns {
                                let value = unaryB[c] + pairScale * t[r * columns + c]
                                if value > bestWithUnary { bestWithUnary = value }
                            }
                            withUnary[r] = bestWithUnary
                        }
                    }
                }
                rowMax[a][b] = maxima
                rowMaxWithUnary[a][b] = withUnary
                globalMax[a][b] = maxima.max() ?? -.infinity
            }
        }
        self.rowMax = rowMax
        self.rowMaxWithUnary = rowMaxWithUnary
        let firstRowMax = rowMaxWithUnary[0]
        self.firstRowMax = firstRowMax
        self.globalMax = globalMax
        var levelKeys = [[Double]](repeating: [], count: m)
        for k in stride(from: m - 1, through: 1, by: -1) {
            var keys = scaledUnary[k]
            for t in (k + 1)..<m {
                for y in 0..<sizes[k] { keys[y] += pairScale * rowMax[k][t][y] }
            }
            levelKeys[k] = keys
        }
        // Level 0's key: its unary part, the best level 1 can bring given x (its key plus its pair with x: this
        // covers level 1's pairs with every later level), and each later level's best with x.
        var firstKeys = scaledUnary[0]
        if m > 1 {
            let table = tables.pairs[slots[0] * 5 + slots[1]]!
            let columns = sizes[1]
            let secondKeys = levelKeys[1]
            table.withUnsafeBufferPointer { t in
                for x in 0..<sizes[0] {
                    var best = -Double.infinity
                    for y in 0..<columns {
                        let value = secondKeys[y] + pairScale * t[x * columns + y]
                        if value > best { best = value }
                    }
                    firstKeys[x] += best
                }
            }
            for t in 2..<max(2, m) {
                for x in 0..<sizes[0] { firstKeys[x] += firstRowMax[t][x] }
            }
        }
        levelKeys[0] = firstKeys
        var order: [[Int]] = []
        var sortedKeys: [[Double]] = []
        for keys in levelKeys {
            let levelOrder = keys.indices.sorted { keys[$0] > keys[$1] || (keys[$0] == keys[$1] && $0 < $1) }
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
        var best = sortedKeys[0].first ?? -.infinity
        for t in 1..<m {
            for s in 2..<max(2, t) { best += pairScale * globalMax[s][t] }
        }
        optimisticBest = best
    }
}

/// One depth-first branch and bound over one template, continuing from (and improving) an incumbent.
final class PlanSearch {
    let plan: TemplatePlan
    let tables: ScoreTables
    let chosen: [ScoredOutfit]
    private(set) var incumbent: ScoredOutfit?
    /// Every complete outfit this search scored (feasible, finite).
    private(set) var scored: [ScoredOutfit] = []
    private(set) var nodes = 0
    private var positions: [Int]
    /// Per chosen outfit: how many of its items the current partial outfit has.
    private var shared: [Int]
    /// Per closet index: bit c set when the item is in chosen outfit c.
    private let chosenMask: [UInt32]
    /// pairsInto[k][s]: the pair table from level s into level k (s < k), rows of level s.
    private let pairsInto: [[[Double]]]
    private let warmth: [[Double]]
    private let closetIndex: [[Int]]
    private let warmthLow: Double
    private let warmthHigh: Double
    /// The incumbent's score (−∞ without one). Scores and bounds are exact sums (see `ScoreTables.quantised`), so a
    /// branch whose bound is below it is cut, and one whose bound equals it is cut unless it could win the tie.
    private var threshold = -Double.infinity

    init(plan: TemplatePlan, tables: ScoreTables, chosen: [ScoredOutfit], incumbent: ScoredOutfit?) {
        precondition(chosen.count <= 32, "at most 32 outfits per recommendation")
        self.plan = plan
        self.tables = tables
        self.chosen = chosen
        self.incumbent = incumbent
        let m = plan.slots.count
        positions = [Int](repeating: 0, count: m)
        shared = [Int](repeating: 0, count: chosen.count)
        var chosenMask = [UInt32](repeating: 0, count: tables.closet.count)
        for (c, outfit) in chosen.enumerated() {
            for item in outfit.closetIndices { chosenMask[item] |= 1 << UInt32(c) }
        }
        self.chosenMask = chosenMask
        pairsInto = (0..<m).map { k in (0..<k).map { s in tables.pairs[plan.slots[s] * 5 + plan.slots[k]]! } }
        warmth = plan.slots.map { tables.warmth[$0] }
        closetIndex = plan.slots.map { tables.items[$0] }
        // Warmth sums here are in another order than `warmthFits`' (which decides at the leaf): a tiny margin.
        warmthLow = tables.warmthRange.lowerBound - 1e-9
        warmthHigh = tables.warmthRange.upperBound + 1e-9
        updateThreshold()
    }

    private func updateThreshold() {
        guard let incumbent else { return }
        threshold = incumbent.score
    }

    /// Fills level `k` given the levels before it; `partial` is their scaled score, `partialWarmth` their warmth.
    func descend(_ k: Int, _ partial: Double, _ partialWarmth: Double) {
        let m = plan.slots.count
        let pairScale = plan.pairScale
        // The best the levels after k can add, given levels 0..<k (see TemplatePlan for the pieces).
        var rest = 0.0
        for t in (k + 1)..<m {
            if k > 0 {
                rest += plan.firstRowMax[t][positions[0]]
                for s in 1..<k { rest += pairScale * plan.rowMax[s][t][positions[s]] }
            }
            // Pairs between two later levels; at level 0, level 1's pairs are already in the key.
            for s in stride(from: k == 0 ? 2 : k + 1, to: t, by: 1) { rest += pairScale * plan.globalMax[s][t] }
        }
        var toAssignedMax = 0.0
        for s in 0..<k { toAssignedMax += pairScale * plan.rowMax[s][k][positions[s]] }
        let base = partial + rest
        let order = plan.order[k]
        let keys = plan.sortedKeys[k]
        let columns = plan.sizes[k]
        let isLeaf = k == m - 1
        let warmthHere = warmth[k]
        let items = closetIndex[k]
        let minAfter = plan.minWarmthFrom[k + 1]
        let maxAfter = plan.maxWarmthFrom[k + 1]
        // A second, tighter bound for the middle levels: for each later level t (at most two: k + 1, k + 2), the
        // smaller of "t's best with level 0, plus its best pairs with levels 1..k" (what `base` and `key` use) and
        // "t's best with level k, plus its best pairs with levels 0..<k". Checked only when the first bound passes.
        let refine = k >= 1 && k < m - 1
        let laterA = k + 1
        let laterB = k + 2
        let hasLaterB = k + 2 < m
        var viaFirstA = 0.0
        var viaHereA = 0.0
        var viaFirstB = 0.0
        var viaHereB = 0.0
        var unassignedPairs = 0.0
        var rowMaxA: [Double] = []
        var withUnaryA: [Double] = []
        var rowMaxB: [Double] = []
        var withUnaryB: [Double] = []
        if refine {
            viaFirstA = plan.firstRowMax[laterA][positions[0]]
            viaHereA = pairScale * plan.rowMax[0][laterA][positions[0]]
            for s in 1..<k {
                let value = pairScale * plan.rowMax[s][laterA][positions[s]]
                viaFirstA += value
                viaHereA += value
            }
            rowMaxA = plan.rowMax[k][laterA]
            withUnaryA = plan.rowMaxWithUnary[k][laterA]
            if hasLaterB {
                viaFirstB = plan.firstRowMax[laterB][positions[0]]
                viaHereB = pairScale * plan.rowMax[0][laterB][positions[0]]
                for s in 1..<k {
                    let value = pairScale * plan.rowMax[s][laterB][positions[s]]
                    viaFirstB += value
                    viaHereB += value
                }
                rowMaxB = plan.rowMax[k][laterB]
                withUnaryB = plan.rowMaxWithUnary[k][laterB]
                unassignedPairs = pairScale * plan.globalMax[laterA][laterB]
            }
        }
        let scaledUnaryHere = plan.scaledUnary[k]
        // Rows of the pair tables from the assigned levels into this one.
        let rowStarts = (0..<k).map { positions[$0] * columns }
        let into = pairsInto[k]
        let chosenCount = chosen.count
        // The threshold only rises at leaves: keep a local copy, refreshed after each descent.
        var cut = threshold
        var extended = 0
        for i in 0..<order.count {
            let key = keys[i]
            let optimistic = base + toAssignedMax + key
            if optimistic < cut || !(optimistic > -.infinity) { break }
            if optimistic == cut && !templateCanWinTies() { break }
            let y = order[i]
            var pairSum = 0.0
            for s in 0..<k { pairSum += into[s][rowStarts[s] + y] }
            let q = pairScale * pairSum
            let bound = base + q + key
            if bound < cut || !(bound > -.infinity) { continue }
            if bound == cut && !prefixCanWinTie(k, items[y]) { continue }
            if refine {
                var refined = partial + scaledUnaryHere[y] + q + unassignedPairs
                refined += min(viaFirstA + pairScale * rowMaxA[y], withUnaryA[y] + viaHereA)
                if hasLaterB { refined += min(viaFirstB + pairScale * rowMaxB[y], withUnaryB[y] + viaHereB) }
                if refined < cut || !(refined > -.infinity) { continue }
                if refined == cut && !prefixCanWinTie(k, items[y]) { continue }
            }
            let w = partialWarmth + warmthHere[y]
            if w + minAfter > warmthHigh || w + maxAfter < warmthLow { continue }
            let item = items[y]
            let mask = chosenMask[item]
            var tooSimilar = false
            if mask != 0 {
                for c in 0..<chosenCount where mask & (1 << UInt32(c)) != 0 {
                    shared[c] += 1
                    if shared[c] > 1 { tooSimilar = true }
                }
            }
            if !tooSimilar {
                extended += 1
                positions[k] = y
                if isLeaf {
                    considerLeaf()
                } else {
                    descend(k + 1, partial + scaledUnaryHere[y] + q, w)
                }
                cut = threshold
            }
            if mask != 0 {
                for c in 0..<chosenCount where mask & (1 << UInt32(c)) != 0 { shared[c] -= 1 }
            }
        }
        nodes += extended
    }

    /// Whether an outfit of this template with the incumbent's score would rank before it (a lower template, or
    /// the same template: decided by the items).
    private func templateCanWinTies() -> Bool {
        guard let incumbent else { return true }
        return plan.template <= incumbent.template
    }

    /// Whether some outfit starting with levels 0..<k as assigned and `item` at level k could rank before the
    /// incumbent at an equal score.
    private func prefixCanWinTie(_ k: Int, _ item: Int) -> Bool {
        guard let incumbent else { return true }
        if plan.template != incumbent.template { return plan.template < incumbent.template }
        for level in 0...k {
            let mine = level == k ? item : closetIndex[level][positions[level]]
            let theirs = incumbent.closetIndices[level]
            if mine != theirs { return mine < theirs }
        }
        return k < plan.slots.count - 1  // same prefix: undecided until the leaf; the same outfit does not win
    }

    private func considerLeaf() {
        guard tables.warmthFits(plan.template, positions: positions) else { return }
        let score = tables.score(plan.template, positions: positions)
        guard score > -.infinity else { return }
        let outfit = ScoredOutfit(
            template: plan.template, positions: positions,
            closetIndices: tables.closetIndices(plan.template, positions: positions), score: score)
        scored.append(outfit)
        if let incumbent, !outfit.ranksBefore(incumbent) { return }
        incumbent = outfit
        updateThreshold()
    }
}
