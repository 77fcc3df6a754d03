/// SOFTMAX on int8 over the last axis, as TFLite's reference kernel computes it: input differences from the row's
/// maximum scaled by beta into Q5.26, exponentials in gemmlowp fixed point summed in Q12.19, one reciprocal per row,
/// outputs with scale 1/256 and zero point -128. Differences below the reference's radius contribute nothing.
/// An int8 difference from the maximum is one of 256 values, so their exponentials are worked out once, at load.
///
/// Where the reference aborts (a row whose exponentials sum to 512 or more: over 512 entries at the maximum), this
/// kernel caps the final shift at 31 instead, so those entries come out as -128 or -127 rather than stopping the
/// process; nothing can compare that case with the reference.
final class Softmax: SingleInputKernel {
    let name = "SOFTMAX"
    let rows: Int, depth: Int
    let inputTensor: Int, outputTensor: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?
    /// By distance below the row's maximum (0...255): the exponential in Q0.31, or nil below the radius.
    let exponentials: [Int32?]

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...3)
        let ((inputIndex, input), (outputIndex, output)) = try context.int8InputAndOutput()
        guard input.shape == output.shape, let last = input.shape.last, last > 0 else {
            throw context.fail("input \(input.shape) and output \(output.shape) must be equal and non-empty")
        }
        let inQ = try context.perTensor(input, "input")
        let outQ = try context.perTensor(output, "output")
        guard outQ.zeroPoint == -128, abs(outQ.scale - 1.0 / 256) <= 0.001 / 256 else {
            throw context.unsupported("output must have scale 1/256 and zero point -128, not \(outQ.scale) and \(outQ.zeroPoint)")
        }
        let beta = try context.options(9, "SoftmaxOptions")?.float32(0, "beta") ?? 0
        // PreprocessSoftmaxScaling with 5 integer bits; the reference requires the multiplier to exceed 1.
        let real = min(Double(beta) * Double(inQ.scale) * Double(1 << 26), Double((Int64(1) << 31) - 1))
        guard real.isFinite, real > 1 else {
            throw context.unsupported("beta \(beta) times input scale \(inQ.scale) is too small (the reference refuses it)")
        }
        let multiplier = QuantizedMultiplier(real)
        guard multiplier.shift >= 0, multiplier.shift <= 30 else { throw context.fail("input scale \(inQ.scale) is out of range") }
        // CalculateInputRadius(5, left shift): the most negative difference that cannot overflow once shifted.
        let radius = (Double((1 << 5) - 1) * Double(Int64(1) << 26) / Double(Int64(1) << Int64(multiplier.shift))).rounded(.down)
        let diffMin = -Int32(min(radius, Double(Int32.max)))
        exponentials = (0...255).map { distance in
            let diff = -Int32(distance)
            guard diff >= diffMin else { return nil }
            // MultiplyByQuantizedMultiplierGreaterThanOne: the difference in Q5.26 (diffMin keeps the shift in range).
            let scaled = GemmlowpFixedPoint.saturatingRoundingDoublingHighMul(
                diff &* (1 << multiplier.shift), multiplier.multiplier)
            return GemmlowpFixedPoint.expOnNegativeValues(scaled, integerBits: 5)
        }
        depth = last
        rows = input.elementCount / last
        inputTensor = inputIndex
        outputTensor = outputIndex
    }

    func run() {
        typealias F = GemmlowpFixedPoint
        let x = input!.assumingMemoryBound(to: Int8.self)
        let y = output!.assumingMemoryBound(to: Int8.self)
        exponentials.withUnsafeBufferPointer { table in
            for row in 0..<rows {
                let base = row * depth
                var maximum = Int32(Int8.min)
                for c in 0..<depth { maximum = max(maximum, Int32(x[base + c])) }
                var sum: Int32 = 0  // Q12.19
                for c in 0..<depth {
                    if let e = table[Int(maximum - Int32(x[base + c]))] { sum = sum &+ F.roundingDivideByPOT(e, 12) }
                }
                let (scale, bitsOverUnit) = F.reciprocal(sum, integerDigits: 12)
                let exponent = min(31, max(0, bitsOverUnit + 31 - 8))
                for c in 0..<depth {
                    guard let e = table[Int(maximum - Int32(x[base + c]))] else {
                        y[base + c] = Int8.min
                        continue
                    }
                    let value = F.roundingDivideByPOT(F.saturatingRoundingDoublingHighMul(scale, e), exponent) - 128
                    y[base + c] = Int8(min(127, max(-128, value)))
                }
            }
        }
    }
}
