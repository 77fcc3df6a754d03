/// NumPy-style broadcasting of two shapes to an output shape, as per-dimension element strides (0 where an input
/// dimension of 1 is repeated). Shapes are right-aligned and padded to the output rank.
struct Broadcast {
    let outputShape: [Int]
    let strides1: [Int]
    let strides2: [Int]

    init?(_ shape1: [Int], _ shape2: [Int], output: [Int]) {
        let rank = output.count
        guard shape1.count <= rank, shape2.count <= rank else { return nil }
        func strides(_ shape: [Int]) -> [Int]? {
            let padded = Array(repeating: 1, count: rank - shape.count) + shape
            var result = [Int](repeating: 0, count: rank)
            var step = 1
            for d in (0..<rank).reversed() {
                guard padded[d] == output[d] || padded[d] == 1 else { return nil }
                result[d] = padded[d] == 1 ? 0 : step
                step *= padded[d]
            }
            return result
        }
        guard let s1 = strides(shape1), let s2 = strides(shape2) else { return nil }
        for d in 0..<rank {
            let a = d - (rank - shape1.count) >= 0 ? shape1[d - (rank - shape1.count)] : 1
            let b = d - (rank - shape2.count) >= 0 ? shape2[d - (rank - shape2.count)] : 1
            guard output[d] == max(a, b) else { return nil }
        }
        outputShape = output
        strides1 = s1
        strides2 = s2
    }

    /// How far each input advances along the innermost dimension: 1, or 0 where its element repeats.
    var innerStride1: Int { strides1.last ?? 0 }
    var innerStride2: Int { strides2.last ?? 0 }

    /// Calls `body(outputIndex, index1, index2, count)` for every run of the innermost dimension, in order, without
    /// allocating: the run's `count` output elements start at `outputIndex`, and its inputs at `index1` and `index2`
    /// advance by `innerStride1` and `innerStride2`. Walking the outer dimensions once per run rather than once
    /// per element keeps the caller's inner loop tight (garment 1.3.0's attention MUL took 6 ns per element before).
    @inline(__always)
    func forEachRow(_ body: (Int, Int, Int, Int) -> Void) {
        let rank = outputShape.count
        if rank == 0 {
            body(0, 0, 0, 1)
            return
        }
        let inner = outputShape[rank - 1]
        let total = outputShape.reduce(1, *)
        guard total > 0 else { return }
        var counter = (0, 0, 0, 0, 0, 0)
        var index1 = 0, index2 = 0
        withUnsafeMutableBytes(of: &counter) { raw in
            let position = raw.bindMemory(to: Int.self)
            for row in 0..<(total / inner) {
                body(row * inner, index1, index2, inner)
                var d = rank - 2
                while d >= 0 {
                    position[d] += 1
                    index1 += strides1[d]
                    index2 += strides2[d]
                    if position[d] < outputShape[d] { break }
                    index1 -= strides1[d] * outputShape[d]
                    index2 -= strides2[d] * outputShape[d]
                    position[d] = 0
                    d -= 1
                }
            }
        }
    }
}
