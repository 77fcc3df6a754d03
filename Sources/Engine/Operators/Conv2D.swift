import CKernels

/// CONV_2D, int8, per-channel weights: a GEMM on the input itself for 1x1 stride-1 convolutions, otherwise im2col
/// of a block of output pixels into scratch space followed by a GEMM.
final class Conv2D: OperatorKernel {
    let name = "CONV_2D"
    let batches: Int
    var geometry: ck_conv_geometry
    let outputChannels: Int
    let depth: Int
    /// im2col row length: `depth` rounded up to the kernel's kr, so the GEMM never meets a partial k block.
    let paddedDepth: Int
    let direct: Bool
    let blockPixels: Int
    let inputZeroPoint: Int8
    let packed: OwnedBuffer
    let requantization: RequantizationTable
    let gemm: ck_qs8_gemm_config
    let inputTensor: Int, outputTensor: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?, scratch: UnsafeMutableRawPointer?

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...3)
        try context.requireCounts(inputs: 2...3, outputs: 1...1)
        let (inputIndex, input) = try context.input(0)
        let filter = try context.input(1).tensor
        let (outputIndex, output) = try context.output(0)
        guard input.shape.count == 4, filter.shape.count == 4, output.shape.count == 4 else {
            throw context.fail("input, filter and output must be 4-D; got \(input.shape), \(filter.shape), \(output.shape)")
        }
        let options = try context.options(1, "Conv2DOptions")
        let padding = try options?.int8(0, "padding") ?? 0
        let strideW = Int(try options?.int32(1, "stride_w") ?? 1)
        let strideH = Int(try options?.int32(2, "stride_h") ?? 1)
        let activation = try FusedActivation.parse(try options?.int8(3, "fused_activation_function") ?? 0, context.field)
        let dilationW = Int(try options?.int32(4, "dilation_w_factor", default: 1) ?? 1)
        let dilationH = Int(try options?.int32(5, "dilation_h_factor", default: 1) ?? 1)

        let channels = input.shape[3]
        outputChannels = filter.shape[0]
        guard filter.shape[3] == channels else {
            throw context.unsupported("filter depth \(filter.shape[3]) differs from input depth \(channels) (grouped convolution)")
        }
        geometry = try ConvolutionWindow.geometry(
            context, input: input.shape, filter: filter.shape, output: output.shape, outputChannels: outputChannels,
            padding: padding, strideH: strideH, strideW: strideW, dilationH: dilationH, dilationW: dilationW)
        let weights = try ConvolutionWeights(context, channelDimension: 0, channels: outputChannels)
        batches = input.shape[0]
        depth = filter.shape[1] * filter.shape[2] * channels
        direct = filter.shape[1] == 1 && filter.shape[2] == 1 && strideH == 1 && strideW == 1
        let pixels = geometry.output_height * geometry.output_width
        gemm = context.kernels.table.pointee.gemm
        let kr = Int(gemm.kr)
        paddedDepth = (depth + kr - 1) / kr * kr
        blockPixels = max(1, min(pixels, 65536 / max(paddedDepth, 1)))  // scratch stays <= max(64 KiB, a row)
        inputZeroPoint = Int8(weights.input.zeroPoint)
        var config = gemm
        packed = GEMMPacking.pack(&config, channels: outputChannels, depth: depth, weights)
        requantization = RequantizationTable(
            weights.perChannelMultipliers, outputZeroPoint: weights.output.zeroPoint,
            range: activation.range(scale: weights.output.scale, zeroPoint: weights.output.zeroPoint))
        inputTensor = inputIndex
        outputTensor = outputIndex
        macs = MACCount.product([batches, pixels, depth, outputChannels])
    }

    let macs: Int
    var scratchBytes: Int { direct ? 0 : blockPixels * paddedDepth }

    func bind(_ memory: TensorMemory) {
        input = memory.pointer(inputTensor)
        output = memory.pointer(outputTensor)
        scratch = memory.scratch
    }

    func run() {
        let input = input!.assumingMemoryBound(to: Int8.self)
        let output = output!.assumingMemoryBound(to: Int8.self)
        let pixels = geometry.output_height * geometry.output_width
        let inputImage = geometry.input_height * geometry.input_width * geometry.channels
        withUnsafePointer(to: &requantization.params) { params in
            for batch in 0..<batches {
                let source = input + batch * inputImage
                let destination = output + batch * pixels * outputChannels
                if direct {
                    gemm.run(pixels, outputChannels, depth, source, depth, packed.pointer, destination, outputChannels, params)
                    continue
                }
                let columns = scratch!.assumingMemoryBound(to: Int8.self)
                var first = 0
                while first < pixels {
                    let count = min(blockPixels, pixels - first)
                    ck_qs8_im2col(&geometry, source, inputZeroPoint, first, count, paddedDepth, columns)
                    gemm.run(count, outputChannels, paddedDepth, columns, paddedDepth, packed.pointer,
                             destination + first * outputChannels, outputChannels, params)
                    first += count
                }
            }
        }
    }
}
