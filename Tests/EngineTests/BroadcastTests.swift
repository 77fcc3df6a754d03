import Testing

@testable import Engine

/// `Broadcast.forEachRow` against indices computed from scratch: for every output element, in order, the flat
/// index of the input element NumPy broadcasting reads.
@Suite struct BroadcastTests {
    /// The input's flat index for the output coordinate `coordinate` (input shape right-aligned, size-1 repeats).
    static func index(of coordinate: [Int], in shape: [Int]) -> Int {
        let padded = Array(repeating: 1, count: coordinate.count - shape.count) + shape
        var flat = 0
        for (c, size) in zip(coordinate, padded) { flat = flat * size + (size == 1 ? 0 : c) }
        return flat
    }

    static let cases: [([Int], [Int], [Int])] = [
        ([1, 12, 12, 320], [1, 12, 12, 1], [1, 12, 12, 320]),  // garment 1.3.0's attention MUL
        ([2, 3, 4], [4], [2, 3, 4]),
        ([2, 1, 4], [3, 1], [2, 3, 4]),
        ([5], [1], [5]),
        ([1], [5], [5]),
        ([3, 1], [1, 1], [3, 1]),
        ([2, 3, 1, 2, 1, 3], [3, 2, 2, 1], [2, 3, 3, 2, 2, 3]),
        ([], [], []),
        ([2, 0, 3], [1, 0, 3], [2, 0, 3]),
    ]

    @Test(arguments: cases) func rowsVisitEveryElementInOrder(shapes: ([Int], [Int], [Int])) throws {
        let (shape1, shape2, output) = shapes
        let broadcast = try #require(Broadcast(shape1, shape2, output: output))
        var visited: [[Int]] = []
        broadcast.forEachRow { o, i, j, count in
            for k in 0..<count {
                visited.append([o + k, i + k * broadcast.innerStride1, j + k * broadcast.innerStride2])
            }
        }
        var expected: [[Int]] = []
        let total = output.reduce(1, *)
        for flat in 0..<total {
            var coordinate = [Int](repeating: 0, count: output.count)
            var rest = flat
            for d in output.indices.reversed() {
                coordinate[d] = rest % output[d]
                rest /= output[d]
            }
            expected.append([flat, Self.index(of: coordinate, in: shape1), Self.index(of: coordinate, in: shape2)])
        }
        #expect(visited == expected)
    }

    @Test func shapesThatDoNotBroadcastAreRefused() {
        #expect(Broadcast([2, 3], [4], output: [2, 3]) == nil)
        #expect(Broadcast([2, 3], [3], output: [2, 4]) == nil)
    }
}
