/// AVERAGE_POOL_2D and MAX_POOL_2D on int8 NHWC, as TFLite's reference: only taps inside the image count; the
/// average rounds half away from zero; input and output share quantization.
final class Pool2D: SingleInputKernel {
    let name: String
    let isAverage: Bool
    let batches: Int, height: Int, width: Int, channels: Int
    let outputHeight: Int, outputWidth: Int
    let filterHeight: Int, filterWidth: Int, strideHeight: Int, strideWidth: Int
    let padTop: Int, padLeft: Int
    let range: ClosedRange<Int32>
    let inputTensor: Int, outputTensor: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?
    /// One output pixel's sums (or maxima) per channel.
    var accumulator: [Int32]

    init(_ context: OperatorContext, average: Bool) throws(ModelFormatError) {
        name = context.op.name
        isAverage = average
        try context.requireVersion(1...3)
        let ((inputIndex, input), (outputIndex, output)) = try context.int8InputAndOutput()
        guard input.shape.count == 4, output.shape.count == 4 else { throw context.fail("input and output must be 4-D") }
        guard input.quantization == output.quantization else {
            throw context.unsupported("input and output quantization differ")
        }
        let qo = try context.perTensor(output, "output")
        guard let options = try context.options(5, "Pool2DOptions") else { throw context.fail("Pool2DOptions missing") }
        let padding = try options.int8(0, "padding")
        strideWidth = Int(try options.int32(1, "stride_w"))
        strideHeight = Int(try options.int32(2, "stride_h"))
        filterWidth = Int(try options.int32(3, "filter_width"))
        filterHeight = Int(try options.int32(4, "filter_height"))
        let activation = try FusedActivation.parse(try options.int8(5, "fused_activation_function"), context.field)
        guard strideWidth >= 1, strideHeight >= 1, strideWidth <= 1024, strideHeight <= 1024, filterWidth <= 4096,
            filterHeight <= 4096,
            let rows = SpatialPadding.compute(
                padding: padding, input: input.shape[1], filter: filterHeight, stride: strideHeight, dilation: 1),
            let columns = SpatialPadding.compute(
                padding: padding, input: input.shape[2], filter: filterWidth, stride: strideWidth, dilation: 1)
        else { throw context.fail("filter \(filterHeight)x\(filterWidth), strides, padding \(padding) give no output") }
        let expected = [input.shape[0], rows.output, columns.output, input.shape[3]]
        guard output.shape == expected else { throw context.fail("output shape \(output.shape), expected \(expected)") }
        batches = input.shape[0]
        height = input.shape[1]
        width = input.shape[2]
        channels = input.shape[3]
        outputHeight = rows.output
        outputWidth = columns.output
        padTop = rows.before
        padLeft = columns.before
        range = activation.range(scale: qo.scale, zeroPoint: qo.zeroPoint)
        accumulator = [Int32](repeating: 0, count: channels)
        inputTensor = inputIndex
        outputTensor = outputIndex
    }

    func run() {
        let x = input!.assumingMemoryBound(to: Int8.self)
        let y = output!.assumingMemoryBound(to: Int8.self)
        let low = range.lowerBound, high = range.upperBound
        let channels = channels, isAverage = isAverage
        // One output pixel at a time: each tap's channels are contiguous, so the inner loops run over them (the
        // compiler vectorizes those) rather than over a channel's taps, `channels` bytes apart.
        accumulator.withUnsafeMutableBufferPointer { acc in
            for b in 0..<batches {
                for oy in 0..<outputHeight {
                    let originY = oy * strideHeight - padTop
                    let y0 = max(0, -originY), y1 = min(filterHeight, height - originY)
                    for ox in 0..<outputWidth {
                        let originX = ox * strideWidth - padLeft
                        let x0 = max(0, -originX), x1 = min(filterWidth, width - originX)
                        let count = y0 < y1 && x0 < x1 ? Int32((y1 - y0) * (x1 - x0)) : 0
                        for c in 0..<channels { acc[c] = isAverage ? 0 : -128 }
                        for fy in y0..<max(y0, y1) {
                            for fx in x0..<max(x0, x1) {
                                let tap = x + ((b * height + originY + fy) * width + originX + fx) * channels
                                if isAverage {
                                    for c in 0..<channels { acc[c] &+= Int32(tap[c]) }
                                } else {
                                    for c in 0..<channels { acc[c] = max(acc[c], Int32(tap[c])) }
                                }
                            }
                        }
                        let out = y + ((b * outputHeight + oy) * outputWidth + ox) * channels
                        for c in 0..<channels {
                            var v = acc[c]
                            if isAverage && count > 0 { v = v > 0 ? (v + count / 2) / count : (v - count / 2) / count }
                            out[c] = Int8(min(max(v, low), high))
                        }
                    }
                }
            }
        }
    }
}
