/// The pieces of gemmlowp's fixed-point arithmetic that TFLite's reference SOFTMAX uses, on raw Int32 values:
/// Qm.n numbers with m integer bits and 31 - m fractional bits. Every operation is written to give the reference's
/// bits, including its wrap-around additions.
enum GemmlowpFixedPoint {
    /// (a * b * 2 + 2^31 rounding nudge) >> 32, saturating the one overflowing case.
    @inline(__always)
    static func saturatingRoundingDoublingHighMul(_ a: Int32, _ b: Int32) -> Int32 {
        if a == b && a == Int32.min { return Int32.max }
        let product = Int64(a) * Int64(b)
        let nudge: Int64 = product >= 0 ? (1 << 30) : (1 - (1 << 30))
        return Int32(truncatingIfNeeded: (product + nudge) / (1 << 31))
    }

    /// x / 2^exponent, rounding half away from zero (0 ≤ exponent ≤ 31).
    @inline(__always)
    static func roundingDivideByPOT(_ x: Int32, _ exponent: Int32) -> Int32 {
        let mask = Int32(truncatingIfNeeded: (Int64(1) << Int64(exponent)) - 1)
        let remainder = x & mask
        let threshold = (mask >> 1) + (x < 0 ? 1 : 0)
        return (x >> exponent) + (remainder > threshold ? 1 : 0)
    }

    /// x * 2^exponent for a positive exponent, saturating.
    @inline(__always)
    static func saturatingShiftLeft(_ x: Int32, _ exponent: Int32) -> Int32 {
        let threshold = Int32((Int64(1) << Int64(31 - exponent)) - 1)
        if x > threshold { return Int32.max }
        if x < -threshold { return Int32.min }
        return x << exponent
    }

    /// (a + b) / 2 rounded half away from zero, in 64 bits.
    @inline(__always)
    static func roundingHalfSum(_ a: Int32, _ b: Int32) -> Int32 {
        let sum = Int64(a) + Int64(b)
        return Int32(truncatingIfNeeded: (sum + (sum >= 0 ? 1 : -1)) / 2)
    }

    /// exp(a) for a in [-1/4, 0), Q0.31 in and out: a Taylor expansion around -1/8.
    static func expOnIntervalNegativeQuarterToZero(_ a: Int32) -> Int32 {
        let constantTerm: Int32 = 1_895_147_668  // exp(-1/8)
        let oneThird: Int32 = 715_827_883
        let x = a &+ (1 << 28)
        let x2 = saturatingRoundingDoublingHighMul(x, x)
        let x3 = saturatingRoundingDoublingHighMul(x2, x)
        let x4 = saturatingRoundingDoublingHighMul(x2, x2)
        let x4Over4 = roundingDivideByPOT(x4, 2)
        let polynomial = roundingDivideByPOT(saturatingRoundingDoublingHighMul(x4Over4 &+ x3, oneThird) &+ x2, 1)
        return constantTerm &+ saturatingRoundingDoublingHighMul(constantTerm, x &+ polynomial)
    }

    /// exp(a) for a ≤ 0 given in Q`integerBits`.(31 - integerBits), as Q0.31 (integerBits ≤ 5 here).
    static func expOnNegativeValues(_ a: Int32, integerBits: Int32) -> Int32 {
        let fractionalBits = 31 - integerBits
        let oneQuarter: Int32 = 1 << (fractionalBits - 2)
        let modQuarterMinusQuarter = (a & (oneQuarter - 1)) &- oneQuarter
        var result = expOnIntervalNegativeQuarterToZero(saturatingShiftLeft(modQuarterMinusQuarter, integerBits))
        let remainder = modQuarterMinusQuarter &- a
        // exp(-2^k) for k = -2 ... 4, applied for each bit of the remainder.
        let barrel: [(exponent: Int32, multiplier: Int32)] = [
            (-2, 1_672_461_947), (-1, 1_302_514_674), (0, 790_015_084), (1, 290_630_308), (2, 39_332_535),
            (3, 720_401), (4, 242),
        ]
        for (exponent, multiplier) in barrel where integerBits > exponent {
            if remainder & (1 << (fractionalBits + exponent)) != 0 {
                result = saturatingRoundingDoublingHighMul(result, multiplier)
            }
        }
        return a == 0 ? Int32.max : result
    }

    /// 1 / (1 + a) for a in [0, 1), Q0.31 in and out: three Newton-Raphson steps from 48/17 - 32/17 d.
    static func oneOverOnePlusX(_ a: Int32) -> Int32 {
        let halfDenominator = roundingHalfSum(a, Int32.max)
        let one: Int32 = 1 << 29  // 1.0 in Q2.29
        var x = Int32(1_515_870_810) &+ saturatingRoundingDoublingHighMul(halfDenominator, -1_010_580_540)
        for _ in 0..<3 {
            let halfDenominatorTimesX = saturatingRoundingDoublingHighMul(halfDenominator, x)
            let oneMinus = one &- halfDenominatorTimesX
            x = x &+ saturatingShiftLeft(saturatingRoundingDoublingHighMul(x, oneMinus), 2)
        }
        return saturatingShiftLeft(x, 1)
    }

    /// 1 / x for x in Q`integerDigits`: the reciprocal as Q0.31 of x scaled into [1, 2), and how many bits x's
    /// integer part reaches above 1.
    static func reciprocal(_ x: Int32, integerDigits: Int32) -> (scale: Int32, bitsOverUnit: Int32) {
        let headroomPlusOne = Int32(UInt32(bitPattern: x).leadingZeroBitCount)
        let shiftedMinusOne = Int32(
            bitPattern: (UInt32(bitPattern: x) << UInt32(headroomPlusOne)) &- (UInt32(1) << 31))
        return (oneOverOnePlusX(shiftedMinusOne), integerDigits - headroomPlusOne)
    }
}

extension GemmlowpFixedPoint {
    /// TFLite's GetInvSqrtQuantizedMultiplierExp for a non-negative sum of squares: 1/√x as a Q0.31 multiplier and
    /// a right shift (positive = right; the reference's reverse_shift of -1 already applied, so this is the value
    /// to negate). x is scaled by powers of four into [2^27, 2^29), read as Q3.28 (of x / 2), and five
    /// Newton-Raphson steps x ← 1.5 x − (x/2) x³ from 1 run in Q3.28, then times √2/2. 0 and 1 give (max, 0).
    static func inverseSqrt(_ input: Int32) -> (multiplier: Int32, rightShift: Int32) {
        if input <= 1 { return (Int32.max, 0) }
        var x = input
        var shift: Int32 = 11
        while x >= 1 << 29 {
            x /= 4
            shift += 1
        }
        let headroomPairs = Int32((UInt32(bitPattern: x).leadingZeroBitCount - 1) / 2) - 1
        shift -= headroomPairs
        x <<= 2 * headroomPairs
        let input3 = x >> 1  // Q3.28
        let halfInput = roundingDivideByPOT(input3, 1)
        let threeHalves: Int32 = (1 << 28) + (1 << 27)
        var estimate: Int32 = 1 << 28  // 1.0 in Q3.28
        for _ in 0..<5 {
            // Products of Q3 values are Q6, of three Q9; both come back to Q3 with a saturating shift.
            let cube = saturatingShiftLeft(
                saturatingRoundingDoublingHighMul(saturatingRoundingDoublingHighMul(estimate, estimate), estimate), 6)
            let difference = saturatingRoundingDoublingHighMul(threeHalves, estimate)
                &- saturatingRoundingDoublingHighMul(halfInput, cube)
            estimate = saturatingShiftLeft(difference, 3)
        }
        var multiplier = saturatingRoundingDoublingHighMul(estimate, 1_518_500_250)  // × √2/2 (Q0.31)
        if shift < 0 {
            multiplier = multiplier &<< -shift  // the reference shifts an int32 left without saturating
            shift = 0
        }
        return (multiplier, shift)
    }
}
