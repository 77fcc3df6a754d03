/// Online training of the learned compatibility from the person's own feedback.
///
/// Each example is contrasted with sampled alternatives: the same outfit with some items swapped for random items
/// of the same slot. A worn or accepted outfit should score above its alternatives, a rejected one below them
/// (pairwise logistic loss, `CompatibilityModel.step`). A few recent earlier examples are replayed with fresh
/// alternatives so that a handful of mornings already moves the model.
public struct CompatibilityTrainer: Sendable {
    public var learningRate: Float = 0.5
    /// L2 decay per step, keeps W from growing without bound on separable data.
    public var decay: Float = 0.002
    /// Alternatives sampled per example.
    public var contrastSamples = 6
    /// How many of the most recent earlier examples are replayed with each new one.
    public var replayCount = 30

    public init() {}

    /// Learns from `example`, replaying the tail of `history` (earlier examples, oldest first).
    /// Items not in the closet are ignored; an example with fewer than two known items teaches nothing.
    public func learn(
        _ example: FeedbackExample, history: [FeedbackExample], closet: [Garment], model: inout CompatibilityModel,
        using rng: inout some RandomNumberGenerator
    ) {
        let index = Dictionary(closet.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        var bySlot = [[Int]](repeating: [], count: 5)
        for (i, garment) in closet.enumerated() where !garment.isArchived {
            if let slot = garment.category.slot { bySlot[slot.index].append(i) }
        }
        let embeddings = closet.map { model.normalised($0.embedding) }
        for past in history.suffix(replayCount) + [example] {
            let items = past.itemIDs.compactMap { index[$0] }.filter { closet[$0].category.slot != nil }
            guard items.count >= 2 else { continue }
            let outfit = items.map { embeddings[$0] }
            for _ in 0..<contrastSamples {
                guard let alternative = sampleAlternative(items, closet: closet, bySlot: bySlot, using: &rng) else {
                    continue
                }
                let contrast = alternative.map { embeddings[$0] }
                if past.isPositive {
                    model.step(better: outfit, worse: contrast, learningRate: learningRate, decay: decay)
                } else {
                    model.step(better: contrast, worse: outfit, learningRate: learningRate, decay: decay)
                }
            }
        }
    }

    /// The outfit with each item swapped, with probability ½ (at least one), for a random other item of its slot.
    func sampleAlternative(
        _ items: [Int], closet: [Garment], bySlot: [[Int]], using rng: inout some RandomNumberGenerator
    ) -> [Int]? {
        let swappable = items.indices.filter { bySlot[closet[items[$0]].category.slot!.index].count > 1 }
        guard !swappable.isEmpty else { return nil }
        let forced = swappable.randomElement(using: &rng)!
        var result = items
        for k in swappable where k == forced || Bool.random(using: &rng) {
            let pool = bySlot[closet[items[k]].category.slot!.index]
            var pick = pool.randomElement(using: &rng)!
            while pick == items[k] { pick = pool.randomElement(using: &rng)! }
            result[k] = pick
        }
        return result
    }
}
