import CKernels

/// YUYV (4:2:2) frames to RGB, BT.601 limited range (exact integer formula in ck_image.h).
public enum YUYVConverter {
    /// The RGB image of a YUYV frame of `width` (even) x `height`; `variant` nil uses the current kernels.
    public static func rgb(
        _ yuyv: UnsafeRawBufferPointer, width: Int, height: Int, bytesPerLine: Int? = nil,
        variant: ImageKernels.Variant? = nil
    ) -> Image {
        let stride = bytesPerLine ?? width * 2
        precondition(width % 2 == 0 && stride >= width * 2 && yuyv.count >= stride * max(height - 1, 0) + width * 2)
        var image = Image(width: width, height: height, channels: 3)
        let convert = ImageKernels.table(variant).yuyv_rgb!
        let source = yuyv.bindMemory(to: UInt8.self).baseAddress!
        image.pixels.withUnsafeMutableBufferPointer { out in
            for y in 0..<height { convert(source + y * stride, out.baseAddress! + y * width * 3, width) }
        }
        return image
    }
}
