/// L2_NORMALIZATION on int8 over the last axis, as TFLite's reference kernel computes it: per row the sum of the
/// squared differences from the zero point, its inverse square root by gemmlowp's fixed-point Newton iteration
/// (`GemmlowpFixedPoint.inverseSqrt`), and each difference times it, with outputs at the fixed scale 1/128 and
/// zero point 0 (so 1.0 comes out as 127). A row all at the zero point comes out all zero, as in the reference.
final class L2Normalization: SingleInputKernel {
    let name = "L2_NORMALIZATION"
    let rows: Int, depth: Int
    let zeroPoint: Int32
    let inputTensor: Int, outputTensor: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...2)
        let ((inputIndex, input), (outputIndex, output)) = try context.int8InputAndOutput()
        guard input.shape == output.shape, let last = input.shape.last, last > 0, input.shape.count <= 4 else {
            throw context.fail("input \(input.shape) and output \(output.shape) must be equal, non-empty, of rank 1 to 4")
        }
        let activation = try FusedActivation.parse(
            try context.options(12, "L2NormOptions")?.int8(0, "fused_activation_function") ?? 0, context.field)
        guard activation == .none else { throw context.unsupported("fused activation \(activation) (the reference refuses it)") }
        let outQ = try context.perTensor(output, "output")
        guard outQ.zeroPoint == 0, outQ.scale == 1.0 / 128 else {
            throw context.unsupported("output must have scale 1/128 and zero point 0, not \(outQ.scale) and \(outQ.zeroPoint)")
        }
        // The sum of squares is an int32: (255^2) per entry, so a row of up to 33,025 entries cannot overflow.
        guard last <= Int(Int32.max) / (255 * 255) else { throw context.unsupported("a row of \(last) entries is too long") }
        zeroPoint = try context.perTensor(input, "input").zeroPoint
        depth = last
        rows = input.elementCount / last
        inputTensor = inputIndex
        outputTensor = outputIndex
    }

    func run() {
        let x = input!.assumingMemoryBound(to: Int8.self)
        let y = output!.assumingMemoryBound(to: Int8.self)
        for row in 0..<rows {
            let base = row * depth
            var sum: Int32 = 0
            for c in 0..<depth {
                let d = Int32(x[base + c]) - zeroPoint
                sum &+= d * d
            }
            let (multiplier, rightShift) = GemmlowpFixedPoint.inverseSqrt(sum)
            // Output scale 1/128: seven more bits to the left than the inverse square root's own shift.
            let m = QuantizedMultiplier(multiplier: multiplier, shift: 7 - rightShift)
            for c in 0..<depth {
                let value = Requantize.multiply(Int32(x[base + c]) - zeroPoint, m)
                y[base + c] = Int8(min(127, max(-128, value)))
            }
        }
    }
}
