/// Turns captured frames into what the rest of closetd needs: a small grey image for the motion gate (cheap: a 1/8
/// DCT decode for MJPEG, the Y samples for YUYV) and a model input (a scaled decode at the smallest DCT scale that is
/// still large enough, then resize / letterbox / quantize). Keeps its resize tables between frames of one size.
public struct FramePreprocessor {
    /// The gate works on frames downscaled by this factor (640x480 -> 80x60).
    public let gateFactor: Int
    private let decoder = JPEGDecoder()
    private var downscaler: LumaDownscaler
    private var resizer: ModelInputResizer?

    /// A preprocessor; `gateFactor` is 1, 2, 4 or 8 (the DCT scales, so MJPEG and YUYV give the same size).
    public init(gateFactor: Int = 8) {
        precondition([1, 2, 4, 8].contains(gateFactor), "gate factor must be 1, 2, 4 or 8")
        self.gateFactor = gateFactor
        downscaler = LumaDownscaler(factor: gateFactor)
    }

    /// The grey image the motion gate takes (width / gateFactor x height / gateFactor).
    public mutating func gateImage(_ frame: Frame) throws -> Image {
        switch frame.format {
        case .mjpeg:
            return try decoder.decode(frame.bytes, scaleDenominator: gateFactor, grey: true)
        case .yuyv, .rgb24:
            // YUYV: the Y samples; RGB: the green channel, a fair luma for a motion gate.
            let pixelStride = frame.format == .yuyv ? 2 : 3
            let offset = frame.format == .yuyv ? 0 : 1
            var out = Image(width: 0, height: 0, channels: 1)
            try requireSize(frame, bytesPerPixel: pixelStride)
            frame.bytes.withUnsafeBytes { raw in
                let plane = UnsafeRawBufferPointer(rebasing: raw[offset...])
                downscaler.downscale(
                    plane, width: frame.width, height: frame.height, rowStride: frame.bytesPerLine,
                    pixelStride: pixelStride, into: &out)
            }
            return out
        }
    }

    /// The model input for a frame: `width` x `height` x 3 bytes, letterboxed, in the model's quantization.
    public mutating func modelInput(
        _ frame: Frame, width: Int, height: Int, quantization: ModelInputResizer.Quantization, padValue: UInt8 = 0
    ) throws -> [UInt8] {
        let image: Image
        switch frame.format {
        case .mjpeg:
            // The letterboxed size decides how small the decode may be.
            let fit = ModelInputResizer(
                sourceWidth: frame.width, sourceHeight: frame.height, outputWidth: width, outputHeight: height)
            image = try decoder.decode(
                frame.bytes, minimumWidth: fit.placement.width, minimumHeight: fit.placement.height)
        case .yuyv:
            try requireSize(frame, bytesPerPixel: 2)
            image = frame.bytes.withUnsafeBytes {
                YUYVConverter.rgb($0, width: frame.width, height: frame.height, bytesPerLine: frame.bytesPerLine)
            }
        case .rgb24:
            try requireSize(frame, bytesPerPixel: 3)
            var packed = Image(width: frame.width, height: frame.height, channels: 3)
            for y in 0..<frame.height {
                let from = y * frame.bytesPerLine
                packed.pixels.replaceSubrange(
                    (y * packed.rowBytes)..<((y + 1) * packed.rowBytes),
                    with: frame.bytes[from..<(from + packed.rowBytes)])
            }
            image = packed
        }
        if let r = resizer, r.sourceWidth == image.width, r.sourceHeight == image.height, r.outputWidth == width,
            r.outputHeight == height, r.quantization == quantization, r.padValue == padValue
        {
        } else {
            resizer = ModelInputResizer(
                sourceWidth: image.width, sourceHeight: image.height, outputWidth: width, outputHeight: height,
                quantization: quantization, padValue: padValue)
        }
        return resizer!.resize(image)
    }

    private func requireSize(_ frame: Frame, bytesPerPixel: Int) throws {
        guard frame.width > 0, frame.height > 0, frame.bytesPerLine >= frame.width * bytesPerPixel,
            frame.bytes.count >= frame.bytesPerLine * (frame.height - 1) + frame.width * bytesPerPixel
        else {
            throw CameraError(
                .unsupported,
                "\(frame.format.rawValue) frame of \(frame.bytes.count) bytes is too small for \(frame.width)x\(frame.height)")
        }
    }
}
