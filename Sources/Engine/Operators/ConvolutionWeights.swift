/// Checks shared by CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED: int8 activations, constant int8 weights with zero
/// point 0 (per-tensor or per output channel), an optional constant int32 bias; and the per-channel multipliers.
struct ConvolutionWeights {
    var weights: [Int8]
    var bias: [Int32]?
    var input: (scale: Float, zeroPoint: Int32)
    var output: (scale: Float, zeroPoint: Int32)
    var filterScales: [Float]

    /// `channelDimension` is the filter dimension holding output channels; `channels` their count.
    init(_ context: OperatorContext, filterPosition: Int = 1, biasPosition: Int = 2, channelDimension: Int, channels: Int)
        throws(ModelFormatError)
    {
        let input = try context.input(0).tensor
        let filter = try context.input(filterPosition).tensor
        let output = try context.output(0).tensor
        try context.requireType(input, [.int8], "input")
        try context.requireType(filter, [.int8], "filter")
        try context.requireType(output, [.int8], "output")
        self.input = try context.perTensor(input, "input")
        self.output = try context.perTensor(output, "output")
        guard let q = filter.quantization else { throw context.fail("filter '\(filter.name)' is not quantized") }
        guard q.zeroPoints.allSatisfy({ $0 == 0 }) else {
            throw context.unsupported("filter '\(filter.name)' has a non-zero zero point (TFLite int8 weights are symmetric)")
        }
        if q.scales.count == 1 {
            filterScales = Array(repeating: q.scales[0], count: channels)
        } else {
            guard q.scales.count == channels, q.quantizedDimension == channelDimension else {
                throw context.fail("filter has \(q.scales.count) scales along dimension \(q.quantizedDimension); expected \(channels) along \(channelDimension)")
            }
            filterScales = q.scales
        }
        weights = context.int8s(try context.constant(filter, "filter"))
        if let (_, biasTensor) = context.optionalInput(biasPosition) {
            try context.requireType(biasTensor, [.int32], "bias")
            guard biasTensor.elementCount == channels else {
                throw context.fail("bias has \(biasTensor.elementCount) values for \(channels) output channels")
            }
            bias = context.int32s(try context.constant(biasTensor, "bias"))
        }
    }

    /// TFLite's PopulateConvolutionQuantizationParams: input_scale * filter_scale / output_scale in double.
    var perChannelMultipliers: [QuantizedMultiplier] {
        filterScales.map { QuantizedMultiplier(Double(input.scale) * Double($0) / Double(output.scale)) }
    }
}
