/// STRIDED_SLICE with constant begin/end/strides, begin/end/shrink masks (ellipsis and new-axis masks and `offset`
/// are refused at load). Indices per dimension are resolved at load like TFLite's StartForAxis/StopForAxis.
final class StridedSlice: SingleInputKernel {
    let name = "STRIDED_SLICE"
    /// Selected input indices per dimension.
    let indices: [[Int]]
    let inputStrides: [Int]
    let elementSize: Int
    let inputTensor: Int, outputTensor: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...8)
        try context.requireCounts(inputs: 4...4, outputs: 1...1)
        let (inputIndex, input) = try context.input(0)
        let (outputIndex, output) = try context.output(0)
        guard input.type == output.type, input.quantization == output.quantization else {
            throw context.fail("input and output differ in type or quantization")
        }
        let rank = input.shape.count
        var vectors: [[Int]] = []
        for (position, role) in [(1, "begin"), (2, "end"), (3, "strides")] {
            let tensor = try context.input(position).tensor
            try context.requireType(tensor, [.int32], role)
            let values = context.int32s(try context.constant(tensor, role)).map(Int.init)
            guard values.count == rank else { throw context.fail("\(role) has \(values.count) values for rank \(rank)") }
            vectors.append(values)
        }
        let options = try context.options(32, "StridedSliceOptions")
        let beginMask = Int(try options?.int32(0, "begin_mask") ?? 0)
        let endMask = Int(try options?.int32(1, "end_mask") ?? 0)
        let ellipsisMask = try options?.int32(2, "ellipsis_mask") ?? 0
        let newAxisMask = try options?.int32(3, "new_axis_mask") ?? 0
        let shrinkMask = Int(try options?.int32(4, "shrink_axis_mask") ?? 0)
        let offset = try options?.bool(5, "offset") ?? false
        guard ellipsisMask == 0, newAxisMask == 0, !offset else {
            throw context.unsupported("ellipsis_mask, new_axis_mask and offset are not supported")
        }
        var indices: [[Int]] = []
        var expected: [Int] = []
        for d in 0..<rank {
            let size = input.shape[d], step = vectors[2][d]
            guard step != 0 else { throw context.fail("stride 0 on dimension \(d)") }
            guard step > 0 || shrinkMask & (1 << d) == 0 else {
                throw context.unsupported("shrunk dimension \(d) with negative stride \(step) (TFLite's reference reads out of bounds there)")
            }
            var start: Int
            if beginMask & (1 << d) != 0 {
                start = step > 0 ? 0 : size - 1
            } else {
                start = vectors[0][d]
                if start < 0 { start += size }
                start = step > 0 ? min(max(start, 0), size) : min(max(start, -1), size - 1)
            }
            var stop = start + 1
            let shrink = shrinkMask & (1 << d) != 0
            if shrink {
                // only `start` is used
            } else if endMask & (1 << d) != 0 {
                stop = step > 0 ? size : -1
            } else {
                stop = vectors[1][d]
                if stop < 0 { stop += size }
                stop = step > 0 ? min(max(stop, 0), size) : min(max(stop, -1), size - 1)
            }
            var selected: [Int] = []
            if shrink {
                // A shrunk dimension keeps exactly the element at `start`, whatever the stride's sign.
                guard start >= 0, start < size else { throw context.fail("shrunk dimension \(d) starts at \(start), outside 0..<\(size)") }
                selected = [start]
            } else {
                var i = start
                while step > 0 ? i < stop : i > stop {
                    guard i >= 0, i < size else { throw context.fail("dimension \(d) selects index \(i) outside 0..<\(size)") }
                    selected.append(i)
                    i += step
                }
            }
            indices.append(selected)
            if !shrink { expected.append(selected.count) }
        }
        guard output.shape == expected || (expected.isEmpty && output.elementCount == 1) else {
            throw context.fail("output shape \(output.shape), expected \(expected)")
        }
        guard !indices.contains(where: \.isEmpty) else { throw context.unsupported("empty slices") }
        var strides = [Int](repeating: 1, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { strides[d] = strides[d + 1] * input.shape[d + 1] }
        self.indices = indices
        inputStrides = strides
        elementSize = input.type.byteSize
        inputTensor = inputIndex
        outputTensor = outputIndex
    }

    func run() {
        let rank = indices.count
        let total = indices.reduce(1) { $0 * $1.count }
        var position = (0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &position) { raw in
            let p = raw.bindMemory(to: Int.self)
            for o in 0..<total {
                var source = 0
                for d in 0..<rank { source += indices[d][p[d]] * inputStrides[d] }
                (output! + o * elementSize).copyMemory(from: input! + source * elementSize, byteCount: elementSize)
                var d = rank - 1
                while d >= 0 {
                    p[d] += 1
                    if p[d] < indices[d].count { break }
                    p[d] = 0
                    d -= 1
                }
            }
        }
    }
}
