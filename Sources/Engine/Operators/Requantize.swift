import CKernels

/// Scalar requantization for the element-wise operators: a Swift transcription of the C oracle
/// (`ck_multiply_by_quantized_multiplier`), inlined into the loops; EngineTests check the two agree.
enum Requantize {
    /// MultiplyByQuantizedMultiplier with gemmlowp's double rounding.
    @inline(__always)
    static func multiply(_ x: Int32, _ m: QuantizedMultiplier) -> Int32 {
        let left = max(m.shift, 0)
        let right = max(-m.shift, 0)
        let shifted = Int32(truncatingIfNeeded: Int64(x) << Int64(left))  // wraps like the reference's int32 multiply
        let high: Int32
        if shifted == .min && m.multiplier == .min {
            high = .max
        } else {
            let product = Int64(shifted) * Int64(m.multiplier)
            let nudge: Int64 = product >= 0 ? 1 << 30 : 1 - (1 << 30)
            high = Int32(truncatingIfNeeded: (product + nudge) / (1 << 31))  // truncates toward zero
        }
        let mask = Int32(truncatingIfNeeded: (Int64(1) << Int64(right)) - 1)
        let remainder = high & mask
        let threshold = (mask >> 1) &+ (high < 0 ? 1 : 0)
        return (high >> right) &+ (remainder > threshold ? 1 : 0)
    }

    /// The C oracle, for tests.
    static func oracle(_ x: Int32, _ m: QuantizedMultiplier) -> Int32 {
        ck_multiply_by_quantized_multiplier(x, m.multiplier, m.shift)
    }
}
