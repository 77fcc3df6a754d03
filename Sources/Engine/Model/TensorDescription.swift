/// One tensor of the model's graph as the file describes it, checked against the file.
public struct TensorDescription: Sendable {
    public var name: String
    public var type: TensorElementType
    /// Static shape, every dimension >= 1.
    public var shape: [Int]
    /// Constant data (weights, biases, shape operands), or nil for activations.
    public var constantData: ArraySlice<UInt8>?
    public var quantization: Quantization?

    public var elementCount: Int { shape.reduce(1, *) }
    public var byteCount: Int { elementCount * type.byteSize }
}
