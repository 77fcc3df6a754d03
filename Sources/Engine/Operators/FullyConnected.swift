import CKernels

/// FULLY_CONNECTED, int8, per-tensor or per-channel weights, optional bias, keep_num_dims: one GEMM.
final class FullyConnected: SingleInputKernel {
    let name = "FULLY_CONNECTED"
    let rows: Int
    let depth: Int
    let outputChannels: Int
    let packed: OwnedBuffer
    let requantization: RequantizationTable
    let gemm: ck_qs8_gemm_config
    let inputTensor: Int, outputTensor: Int
    let macs: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...12)
        try context.requireCounts(inputs: 2...3, outputs: 1...1)
        let (inputIndex, input) = try context.input(0)
        let filter = try context.input(1).tensor
        let (outputIndex, output) = try context.output(0)
        guard filter.shape.count == 2 else { throw context.fail("filter shape \(filter.shape) is not [outputs, depth]") }
        let options = try context.options(8, "FullyConnectedOptions")
        let activation = try FusedActivation.parse(try options?.int8(0, "fused_activation_function") ?? 0, context.field)
        let format = try options?.int8(1, "weights_format") ?? 0
        guard format == 0 else { throw context.unsupported("weights_format \(format) (only DEFAULT)") }
        outputChannels = filter.shape[0]
        depth = filter.shape[1]
        guard input.elementCount % depth == 0 else {
            throw context.fail("input \(input.shape) does not divide into rows of depth \(depth)")
        }
        rows = input.elementCount / depth
        guard output.elementCount == rows * outputChannels, output.shape.last == outputChannels else {
            throw context.fail("output shape \(output.shape) does not hold \(rows) rows of \(outputChannels)")
        }
        let weights = try ConvolutionWeights(context, channelDimension: 0, channels: outputChannels)
        let isPerChannel = (try context.input(1).tensor.quantization?.scales.count ?? 1) > 1
        let exact: [QuantizedMultiplier]
        if isPerChannel {
            exact = weights.perChannelMultipliers
        } else {
            // GetQuantizedConvolutionMultipler: the float product of the scales, widened, divided in double.
            let product = Double(weights.input.scale * weights.filterScales[0])
            exact = Array(repeating: QuantizedMultiplier(product / Double(weights.output.scale)), count: outputChannels)
        }
        // The reference FULLY_CONNECTED requantizes with TFLite's 64-bit single-rounding form (measured against
        // BUILTIN_REF: double rounding differs on ties), so its kernels run in that mode.
        var config = context.kernels.table.pointee.gemm
        packed = GEMMPacking.pack(&config, channels: outputChannels, depth: depth, weights)
        gemm = config
        requantization = RequantizationTable(
            exact, outputZeroPoint: weights.output.zeroPoint,
            range: activation.range(scale: weights.output.scale, zeroPoint: weights.output.zeroPoint),
            singleRounding: true)
        inputTensor = inputIndex
        outputTensor = outputIndex
        macs = MACCount.product([rows, depth, outputChannels])
    }

    func run() {
        withUnsafePointer(to: &requantization.params) { params in
            gemm.run(rows, outputChannels, depth, input!.assumingMemoryBound(to: Int8.self), depth, packed.pointer,
                     output!.assumingMemoryBound(to: Int8.self), outputChannels, params)
        }
    }
}

