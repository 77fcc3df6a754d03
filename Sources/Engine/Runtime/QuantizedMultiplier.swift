/// A real multiplier as TFLite's QuantizeMultiplier represents it: a Q31 significand and a power-of-two shift
/// (positive = left). Must be computed from exactly the same double as the reference computes to stay bit-exact.
struct QuantizedMultiplier: Sendable, Equatable {
    var multiplier: Int32
    var shift: Int32

    init(multiplier: Int32, shift: Int32) {
        self.multiplier = multiplier
        self.shift = shift
    }

    init(_ real: Double) {
        guard real != 0, real.isFinite else {
            self.init(multiplier: 0, shift: 0)
            return
        }
        // frexp: real = q * 2^e with |q| in [0.5, 1).
        var e = Int(real.exponent) + 1
        let q = real.significand / 2 * (real.sign == .minus ? -1 : 1)
        var fixed = (q * 2_147_483_648.0).rounded(.toNearestOrAwayFromZero)
        if fixed == 2_147_483_648.0 {
            fixed /= 2
            e += 1
        }
        if e < -31 {
            self.init(multiplier: 0, shift: 0)
            return
        }
        if e > 30 {
            self.init(multiplier: Int32.max, shift: 30)
            return
        }
        self.init(multiplier: Int32(fixed), shift: Int32(e))
    }
}

/// TFLite's fused activations on a quantized output: the clamp range.
enum FusedActivation: Int8, Sendable {
    case none = 0, relu = 1, reluN1To1 = 2, relu6 = 3

    static func parse(_ raw: Int8, _ field: String) throws(ModelFormatError) -> FusedActivation {
        guard let value = FusedActivation(rawValue: raw) else {
            throw ModelFormatError(.unsupported, field, "fused activation \(raw) is not supported on int8 outputs")
        }
        return value
    }

    /// CalculateActivationRangeQuantized for an int8 output.
    func range(scale: Float, zeroPoint: Int32, qmin: Int32 = -128, qmax: Int32 = 127) -> ClosedRange<Int32> {
        // A hostile scale can make f / scale huge or infinite: clamp in the float domain before converting.
        func quantize(_ f: Float) -> Int32 {
            let q = (f / scale).rounded()
            let clamped = q.isNaN ? 0 : min(max(q, -2_147_483_648), 2_147_483_520)
            return zeroPoint &+ Int32(clamped)
        }
        var low = qmin
        var high = qmax
        switch self {
        case .none: break
        case .relu: low = max(qmin, quantize(0))
        case .relu6:
            low = max(qmin, quantize(0))
            high = min(qmax, quantize(6))
        case .reluN1To1:
            low = max(qmin, quantize(-1))
            high = min(qmax, quantize(1))
        }
        return low...max(low, high)
    }
}
