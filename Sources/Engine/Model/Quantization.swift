/// Affine quantization of a tensor: real = scale * (q - zeroPoint), per tensor or per channel along one dimension.
public struct Quantization: Sendable, Equatable {
    public var scales: [Float]
    public var zeroPoints: [Int64]
    /// The dimension the scales run along when there is more than one.
    public var quantizedDimension: Int

    /// True when one scale and zero point cover the whole tensor.
    public var isPerTensor: Bool { scales.count == 1 }
}
