import CKernels

/// The window of a 2-D convolution (CONV_2D, DEPTHWISE_CONV_2D), checked once at load: strides and dilations in range,
/// SAME/VALID padding computed, the output shape checked against it, and the geometry the C kernels take.
enum ConvolutionWindow {
    static func geometry(
        _ context: OperatorContext, input: [Int], filter: [Int], output: [Int], outputChannels: Int, padding: Int8,
        strideH: Int, strideW: Int, dilationH: Int, dilationW: Int
    ) throws(ModelFormatError) -> ck_conv_geometry {
        guard strideW >= 1, strideH >= 1, dilationW >= 1, dilationH >= 1, strideW <= 1024, strideH <= 1024,
            dilationW <= 1024, dilationH <= 1024,
            let rows = SpatialPadding.compute(
                padding: padding, input: input[1], filter: filter[1], stride: strideH, dilation: dilationH),
            let columns = SpatialPadding.compute(
                padding: padding, input: input[2], filter: filter[2], stride: strideW, dilation: dilationW)
        else {
            throw context.fail("padding \(padding), strides \(strideH)x\(strideW), dilation \(dilationH)x\(dilationW) give no output for input \(input) and filter \(filter)")
        }
        let expected = [input[0], rows.output, columns.output, outputChannels]
        guard output == expected else { throw context.fail("output shape \(output), expected \(expected)") }
        return ck_conv_geometry(
            input_height: input[1], input_width: input[2], channels: input[3],
            output_height: rows.output, output_width: columns.output,
            kernel_height: filter[1], kernel_width: filter[2],
            stride_height: strideH, stride_width: strideW, dilation_height: dilationH, dilation_width: dilationW,
            padding_top: rows.before, padding_left: columns.before)
    }
}
