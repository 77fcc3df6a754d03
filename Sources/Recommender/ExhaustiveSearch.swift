/// The reference search: scores every outfit of every template, sorts them and picks the diverse top k greedily.
/// Exponentially slow; it is the oracle `OutfitSearch` is tested against (and the benchmark's peer on small closets).
enum ExhaustiveSearch {
    /// The best `count` outfits such that no two share more than one item: the best outfit, then the best one
    /// sharing at most one item with it, and so on.
    static func topOutfits(_ tables: ScoreTables, count: Int) -> [ScoredOutfit] {
        var all: [ScoredOutfit] = []
        for template in tables.templates {
            let sizes = template.slots.map { tables.items[$0.index].count }
            var positions = [Int](repeating: 0, count: sizes.count)
            enumerate: while true {
                if tables.warmthFits(template, positions: positions) {
                    let score = tables.score(template, positions: positions)
                    if score > -.infinity {
                        all.append(
                            ScoredOutfit(
                                template: template, positions: positions,
                                closetIndices: tables.closetIndices(template, positions: positions), score: score))
                    }
                }
                var level = sizes.count - 1
                while level >= 0 {
                    positions[level] += 1
                    if positions[level] < sizes[level] { break }
                    positions[level] = 0
                    level -= 1
                }
                if level < 0 { break enumerate }
            }
        }
        all.sort { $0.ranksBefore($1) }
        var chosen: [ScoredOutfit] = []
        for outfit in all where chosen.count < count {
            if chosen.allSatisfy({ $0.sharedItems(with: outfit) <= 1 }) { chosen.append(outfit) }
        }
        return chosen
    }
}
