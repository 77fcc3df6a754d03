import CKernels

/// Box-downscales a luma plane (a grey image, or the Y samples of YUYV) by an integer factor: the motion gate's input.
public struct LumaDownscaler {
    /// The factor in both directions, 1...16.
    public let factor: Int
    private var columnSums: [UInt16] = []

    /// A downscaler by `factor` (1...16).
    public init(factor: Int) {
        precondition((1...16).contains(factor), "luma downscale factor must be 1...16")
        self.factor = factor
    }

    /// Downscales `width` x `height` samples, `pixelStride` bytes apart (1 grey, 2 YUYV), rows `rowStride` apart.
    /// The output is width / factor x height / factor (the remainder is cut off).
    public mutating func downscale(
        _ plane: UnsafeRawBufferPointer, width: Int, height: Int, rowStride: Int, pixelStride: Int,
        into output: inout Image, variant: ImageKernels.Variant? = nil
    ) {
        let outWidth = width / factor, outHeight = height / factor
        precondition(output.channels == 1)
        if output.width != outWidth || output.height != outHeight {
            output = Image(width: outWidth, height: outHeight, channels: 1)
        }
        precondition(plane.count >= rowStride * max(height - 1, 0) + width * pixelStride)
        if columnSums.count < outWidth * factor { columnSums = [UInt16](repeating: 0, count: outWidth * factor) }
        let kernel = ImageKernels.table(variant).luma_downscale!
        let source = plane.bindMemory(to: UInt8.self).baseAddress!
        let factor = self.factor
        columnSums.withUnsafeMutableBufferPointer { scratch in
            output.pixels.withUnsafeMutableBufferPointer { out in
                for y in 0..<outHeight {
                    kernel(
                        source + y * factor * rowStride, rowStride, pixelStride, factor, outWidth,
                        scratch.baseAddress, out.baseAddress! + y * outWidth)
                }
            }
        }
    }
}
