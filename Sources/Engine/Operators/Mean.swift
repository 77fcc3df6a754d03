/// MEAN over any set of axes of an int8 tensor, as TFLite's QuantizedMeanOrSum: the sum of (q - zp_in) over the
/// reduced elements, then a multiplier of scale_in / scale_out folded with 1 / count, plus zp_out.
final class Mean: SingleInputKernel {
    let name = "MEAN"
    let inputShape: [Int]
    let reduced: [Bool]
    let count: Int
    let inputZeroPoint: Int32
    let outputZeroPoint: Int32
    let multiplier: QuantizedMultiplier
    let outputCount: Int
    let inputTensor: Int, outputTensor: Int
    let sums: OwnedBuffer
    /// When the reduced axes are adjacent (NHWC spatial means): the input is [outer, reducedRun, inner] and the
    /// sums are plain row additions; nil otherwise.
    let contiguous: (outer: Int, run: Int, inner: Int)?
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...3)
        try context.requireCounts(inputs: 2...2, outputs: 1...1)
        let (inputIndex, input) = try context.input(0)
        let axes = try context.input(1).tensor
        let (outputIndex, output) = try context.output(0)
        try context.requireType(input, [.int8], "input")
        try context.requireType(output, [.int8], "output")
        try context.requireType(axes, [.int32], "axis")
        var reduced = [Bool](repeating: false, count: input.shape.count)
        for axis in context.int32s(try context.constant(axes, "axis")) {
            let a = Int(axis) < 0 ? Int(axis) + input.shape.count : Int(axis)
            guard a >= 0, a < input.shape.count else { throw context.fail("axis \(axis) outside rank \(input.shape.count)") }
            reduced[a] = true
        }
        let kept = zip(input.shape, reduced).filter { !$0.1 }.map(\.0)
        guard output.elementCount == kept.reduce(1, *) else {
            throw context.fail("output \(output.shape) does not match input \(input.shape) reduced over \(reduced)")
        }
        let qi = try context.perTensor(input, "input"), qo = try context.perTensor(output, "output")
        count = zip(input.shape, reduced).filter { $0.1 }.map(\.0).reduce(1, *)
        // Fold 1/count into the multiplier the way the reference does (integer, truncating).
        let base = QuantizedMultiplier(Double(qi.scale) / Double(qo.scale))
        var shift = 63 - (UInt64(count).leadingZeroBitCount)
        shift = min(shift, 32, 31 + Int(base.shift))
        let folded = Int32(truncatingIfNeeded: (Int64(base.multiplier) << shift) / Int64(count))
        multiplier = QuantizedMultiplier(multiplier: folded, shift: base.shift - Int32(shift))
        inputShape = input.shape
        self.reduced = reduced
        if let first = reduced.firstIndex(of: true), let last = reduced.lastIndex(of: true),
           reduced[first...last].allSatisfy({ $0 })
        {
            contiguous = (input.shape[..<first].reduce(1, *), count, input.shape[(last + 1)...].reduce(1, *))
        } else {
            contiguous = nil
        }
        inputZeroPoint = qi.zeroPoint
        outputZeroPoint = qo.zeroPoint
        outputCount = output.elementCount
        sums = OwnedBuffer(bytes: output.elementCount * 4)
        inputTensor = inputIndex
        outputTensor = outputIndex
    }

    func run() {
        let sum = sums.typed(Int32.self)
        for i in 0..<outputCount { sum[i] = 0 }
        let x = input!.assumingMemoryBound(to: Int8.self)
        if let (outer, run, inner) = contiguous {
            for o in 0..<outer {
                let row = sum + o * inner
                for r in 0..<run {
                    let source = x + (o * run + r) * inner
                    for i in 0..<inner { row[i] &+= Int32(source[i]) }
                }
            }
        } else {
            walk(x, sum)
        }
        let out = output!.assumingMemoryBound(to: Int8.self)
        let correction = inputZeroPoint &* Int32(truncatingIfNeeded: count)
        for i in 0..<outputCount {
            let value = Requantize.multiply(sum[i] &- correction, multiplier) &+ outputZeroPoint
            out[i] = Int8(min(max(value, -128), 127))
        }
    }

    /// Sums any set of reduced axes: walks the input in order while the output index skips reduced dimensions.
    private func walk(_ x: UnsafeMutablePointer<Int8>, _ sum: UnsafeMutablePointer<Int32>) {
        let rank = inputShape.count
        var outStrides = (0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &outStrides) { raw in
            let step = raw.bindMemory(to: Int.self)
            var s = 1
            for d in (0..<rank).reversed() where !reduced[d] {
                step[d] = s
                s *= inputShape[d]
            }
            var position = (0, 0, 0, 0, 0, 0)
            withUnsafeMutableBytes(of: &position) { rawPosition in
                let p = rawPosition.bindMemory(to: Int.self)
                var outIndex = 0
                let total = inputShape.reduce(1, *)
                for i in 0..<total {
                    sum[outIndex] &+= Int32(x[i])
                    var d = rank - 1
                    while d >= 0 {
                        p[d] += 1
                        outIndex += step[d]
                        if p[d] < inputShape[d] { break }
                        outIndex -= step[d] * inputShape[d]
                        p[d] = 0
                        d -= 1
                    }
                }
            }
        }
    }
}
