import CKernels

/// DEPTHWISE_CONV_2D, int8, per-channel weights, any depth multiplier.
final class DepthwiseConv2D: SingleInputKernel {
    let name = "DEPTHWISE_CONV_2D"
    let batches: Int
    var geometry: ck_conv_geometry
    let depthMultiplier: Int
    let outputChannels: Int
    let inputZeroPoint: Int32
    let packed: OwnedBuffer
    let requantization: RequantizationTable
    let kernel: ck_qs8_dwconv_fn
    let inputTensor: Int, outputTensor: Int
    let macs: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...3)
        try context.requireCounts(inputs: 2...3, outputs: 1...1)
        let (inputIndex, input) = try context.input(0)
        let filter = try context.input(1).tensor
        let (outputIndex, output) = try context.output(0)
        guard input.shape.count == 4, filter.shape.count == 4, output.shape.count == 4, filter.shape[0] == 1 else {
            throw context.fail("input, filter [1,KH,KW,C*M] and output must be 4-D; got \(input.shape), \(filter.shape), \(output.shape)")
        }
        let options = try context.options(2, "DepthwiseConv2DOptions")
        let padding = try options?.int8(0, "padding") ?? 0
        let strideW = Int(try options?.int32(1, "stride_w") ?? 1)
        let strideH = Int(try options?.int32(2, "stride_h") ?? 1)
        let activation = try FusedActivation.parse(try options?.int8(4, "fused_activation_function") ?? 0, context.field)
        let dilationW = Int(try options?.int32(5, "dilation_w_factor", default: 1) ?? 1)
        let dilationH = Int(try options?.int32(6, "dilation_h_factor", default: 1) ?? 1)
        let channels = input.shape[3]
        outputChannels = filter.shape[3]
        guard outputChannels % channels == 0 else {
            throw context.fail("filter has \(outputChannels) channels, not a multiple of the input's \(channels)")
        }
        depthMultiplier = outputChannels / channels
        geometry = try ConvolutionWindow.geometry(
            context, input: input.shape, filter: filter.shape, output: output.shape, outputChannels: outputChannels,
            padding: padding, strideH: strideH, strideW: strideW, dilationH: dilationH, dilationW: dilationW)
        let weights = try ConvolutionWeights(context, channelDimension: 3, channels: outputChannels)
        batches = input.shape[0]
        let taps = filter.shape[1] * filter.shape[2]
        let channelsOut = outputChannels
        let buffer = OwnedBuffer(bytes: ck_qs8_dwconv_packed_size(taps, channelsOut))
        weights.weights.withUnsafeBufferPointer { w in
            if let bias = weights.bias {
                ck_qs8_dwconv_pack(taps, channelsOut, w.baseAddress, bias, buffer.pointer)
            } else {
                ck_qs8_dwconv_pack(taps, channelsOut, w.baseAddress, nil, buffer.pointer)
            }
        }
        packed = buffer
        inputZeroPoint = weights.input.zeroPoint
        requantization = RequantizationTable(
            weights.perChannelMultipliers, outputZeroPoint: weights.output.zeroPoint,
            range: activation.range(scale: weights.output.scale, zeroPoint: weights.output.zeroPoint))
        kernel = context.kernels.table.pointee.dwconv
        inputTensor = inputIndex
        outputTensor = outputIndex
        macs = MACCount.product([batches, geometry.output_height, geometry.output_width, outputChannels, taps])
    }

    func run() {
        let input = input!.assumingMemoryBound(to: Int8.self)
        let output = output!.assumingMemoryBound(to: Int8.self)
        let inputImage = geometry.input_height * geometry.input_width * geometry.channels
        let outputImage = geometry.output_height * geometry.output_width * outputChannels
        withUnsafePointer(to: &requantization.params) { params in
            for batch in 0..<batches {
                kernel(&geometry, depthMultiplier, inputZeroPoint, input + batch * inputImage, packed.pointer,
                       output + batch * outputImage, params, 0, geometry.output_height)
            }
        }
    }
}
