/// The 256 outputs of TFLite's reference int8 HARD_SWISH (x · relu6(x + 3) / 6) for one pair of quantizations,
/// computed with its 16-bit fixed-point steps: the input at 128× resolution, an output multiplier and a "reluish"
/// multiplier (x rescaled so that 3.0 is 32768), both rounded to Q15 from their Q31 form, gemmlowp's rounding
/// doubling high multiply for the rescales and a truncating one for the final product.
struct HardSwishTable {
    let table: [Int8]

    /// nil when the output multiplier is 1 or more (TFLite rejects that model too).
    init?(inputScale: Float, inputZeroPoint: Int32, outputScale: Float, outputZeroPoint: Int32) {
        let hiresInputScale: Float = (1.0 / 128.0) * inputScale
        let reluishScale: Float = 3.0 / 32768.0
        let output = QuantizedMultiplier(Double(hiresInputScale / outputScale))
        guard output.shift <= 0 else { return nil }
        let reluish = QuantizedMultiplier(Double(hiresInputScale / reluishScale))
        let outputQ15 = Self.toQ15(output.multiplier)
        let reluishQ15 = Self.toQ15(reluish.multiplier)
        var values = [Int8](repeating: 0, count: 256)
        for q in Int32(-128)...127 {
            let inputValue = Int16(truncatingIfNeeded: q &- inputZeroPoint)
            let hires = Int16(truncatingIfNeeded: Int32(inputValue) &* 128)
            let preshift = Self.roundingDoublingHighMul(hires, outputQ15)
            var r = hires
            if reluish.shift > 0 { r = Self.saturatingLeftShift(r, Int(reluish.shift) - 1) }
            r = Self.roundingDoublingHighMul(r, reluishQ15)
            if reluish.shift > 0 { r = Self.saturatingLeftShift(r, 1) }
            if reluish.shift < 0 { r = Self.roundingDivideByPOT(r, Int(-reluish.shift)) }
            r = Int16(truncatingIfNeeded: (Int32(r) + 32768) >> 1)
            let product = Self.doublingHighMul(r, preshift)
            var result = Self.roundingDivideByPOT(product, Int(-output.shift))
            result = Int16(truncatingIfNeeded: Int32(result) &+ outputZeroPoint)
            values[Int(q + 128)] = Int8(min(max(result, -128), 127))
        }
        table = values
    }

    /// A Q31 multiplier rounded to Q15, saturating.
    static func toQ15(_ multiplier: Int32) -> Int16 {
        if multiplier >= Int32.max - 32768 { return Int16.max }
        return Int16(truncatingIfNeeded: (multiplier + 32768) >> 16)
    }

    static func saturatingLeftShift(_ value: Int16, _ amount: Int) -> Int16 {
        let shifted = Int64(value) << Int64(amount)
        return Int16(min(max(shifted, Int64(Int16.min)), Int64(Int16.max)))
    }

    /// gemmlowp's SaturatingRoundingDoublingHighMul on int16.
    static func roundingDoublingHighMul(_ a: Int16, _ b: Int16) -> Int16 {
        if a == Int16.min && b == Int16.min { return Int16.max }
        let ab = Int32(a) * Int32(b)
        let nudge: Int32 = ab >= 0 ? 1 << 14 : 1 - (1 << 14)
        return Int16(truncatingIfNeeded: (ab + nudge) / (1 << 15))
    }

    /// The same without rounding: the quotient truncates toward zero.
    static func doublingHighMul(_ a: Int16, _ b: Int16) -> Int16 {
        if a == Int16.min && b == Int16.min { return Int16.max }
        return Int16(truncatingIfNeeded: (Int32(a) * Int32(b)) / (1 << 15))
    }

    /// gemmlowp's RoundingDivideByPOT on int16 (round half away from zero), with its int16 mask arithmetic kept
    /// for exponents of 16 and more.
    static func roundingDivideByPOT(_ x: Int16, _ exponent: Int) -> Int16 {
        let mask = Int16(truncatingIfNeeded: (Int64(1) << Int64(exponent)) - 1)
        let remainder = x & mask
        let threshold = Int16(truncatingIfNeeded: Int32(mask >> 1) + (x < 0 ? 1 : 0))
        let shifted = Int16(truncatingIfNeeded: Int32(x) >> Int32(exponent))
        return shifted &+ (remainder > threshold ? 1 : 0)
    }
}
