/// The arena layout: one offset per activation tensor (and per operator's scratch space), packed so that tensors
/// whose lifetimes do not overlap share bytes.
struct MemoryPlan {
    /// Offset in the arena per tensor index; nil for constants.
    var tensorOffsets: [Int?]
    /// Offset of each operator's scratch space (valid when it needs any).
    var scratchOffsets: [Int]
    var arenaBytes: Int

    static let alignment = 64

    /// A block that must live from operator `first` through operator `last` (inclusive).
    struct Request {
        var size: Int
        var first: Int
        var last: Int
    }

    /// Greedy best-offset placement, largest first: each block goes at the lowest aligned offset that does not
    /// collide with any already placed block alive at the same time.
    static func place(_ requests: [Request]) -> (offsets: [Int], total: Int) {
        var offsets = [Int](repeating: 0, count: requests.count)
        var placed: [Int] = []
        let order = requests.indices.sorted { (requests[$0].size, $1) > (requests[$1].size, $0) }
        var total = 0
        for index in order {
            let request = requests[index]
            let size = (request.size + alignment - 1) / alignment * alignment
            let conflicts = placed.filter { other in
                requests[other].first <= request.last && request.first <= requests[other].last
            }.sorted { offsets[$0] < offsets[$1] }
            var candidate = 0
            for other in conflicts {
                let otherSize = (requests[other].size + alignment - 1) / alignment * alignment
                if candidate + size <= offsets[other] { break }
                candidate = max(candidate, offsets[other] + otherSize)
            }
            offsets[index] = candidate
            placed.append(index)
            total = max(total, candidate + size)
        }
        return (offsets, total)
    }
}
