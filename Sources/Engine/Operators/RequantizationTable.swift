import CKernels

/// Per-channel multipliers and shifts plus the output's zero point and clamp, in memory the C kernels can read.
final class RequantizationTable {
    let multipliers: OwnedBuffer
    let shifts: OwnedBuffer
    var params: ck_qs8_requant_params

    init(_ multipliers: [QuantizedMultiplier], outputZeroPoint: Int32, range: ClosedRange<Int32>,
         singleRounding: Bool = false) {
        self.multipliers = OwnedBuffer(copying: multipliers.map(\.multiplier))
        self.shifts = OwnedBuffer(copying: multipliers.map(\.shift))
        params = ck_qs8_requant_params(
            multiplier: self.multipliers.typed(Int32.self), shift: self.shifts.typed(Int32.self),
            output_zero_point: outputZeroPoint, output_min: range.lowerBound, output_max: range.upperBound,
            single_rounding: singleRounding ? 1 : 0)
    }
}
