/// One outfit found by a search: its template, its items and its canonical score.
struct ScoredOutfit: Sendable, Equatable {
    let template: OutfitTemplate
    /// Positions in the slots' candidate lists, in template slot order.
    let positions: [Int]
    /// Closet indices, in template slot order.
    let closetIndices: [Int]
    let score: Double

    /// The total order the searches rank by: higher score first; equal scores by template, then by closet indices
    /// (so results are deterministic and the search equals the brute force exactly).
    func ranksBefore(_ other: ScoredOutfit) -> Bool {
        if score != other.score { return score > other.score }
        if template != other.template { return template < other.template }
        return closetIndices.lexicographicallyPrecedes(other.closetIndices)
    }

    /// How many items two outfits share.
    func sharedItems(with other: ScoredOutfit) -> Int {
        closetIndices.reduce(0) { $0 + (other.closetIndices.contains($1) ? 1 : 0) }
    }
}
