import CKernels

/// Resizes (bilinear), crops and letterboxes an RGB image into a model's input tensor with its quantization.
/// Prepared once per source size (coordinate tables), then run per frame without allocating.
public struct ModelInputResizer {
    /// How the model wants its input bytes.
    public enum Quantization: Sendable, Equatable {
        /// uint8 0...255.
        case uint8
        /// int8 = uint8 - 128 (TFLite's usual input with scale 1/255 and zero point -128).
        case int8
    }

    /// A rectangle in source pixels.
    public struct Rect: Sendable, Equatable {
        public var x, y, width, height: Int
        /// A rectangle.
        public init(x: Int, y: Int, width: Int, height: Int) {
            self.x = x
            self.y = y
            self.width = width
            self.height = height
        }
    }

    /// Output width and height (the model's input).
    public let outputWidth: Int, outputHeight: Int
    /// Source image size this was prepared for.
    public let sourceWidth: Int, sourceHeight: Int
    /// The part of the source used.
    public let crop: Rect
    /// Where the resized crop lands in the output (all of it unless letterboxed).
    public let placement: Rect
    /// Output quantization.
    public let quantization: Quantization
    /// Value of the letterbox bars, in uint8 terms (converted like the pixels).
    public let padValue: UInt8

    private let x0Offsets: [Int32], x1Offsets: [Int32], xWeights: [Int32]
    private let y0Rows: [Int], y1Rows: [Int], yWeights: [Int32]

    /// Prepares a resize of `crop` (default: the whole source) of a `sourceWidth` x `sourceHeight` RGB image into
    /// `outputWidth` x `outputHeight`; `letterbox` keeps the aspect ratio and fills the bars with `padValue`.
    public init(
        sourceWidth: Int, sourceHeight: Int, outputWidth: Int, outputHeight: Int, crop: Rect? = nil,
        letterbox: Bool = true, quantization: Quantization = .uint8, padValue: UInt8 = 0
    ) {
        let crop = crop ?? Rect(x: 0, y: 0, width: sourceWidth, height: sourceHeight)
        precondition(outputWidth > 0 && outputHeight > 0 && crop.width > 0 && crop.height > 0)
        precondition(crop.x >= 0 && crop.y >= 0 && crop.x + crop.width <= sourceWidth
            && crop.y + crop.height <= sourceHeight, "crop outside the source")
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
        self.crop = crop
        self.quantization = quantization
        self.padValue = padValue
        var inner = Rect(x: 0, y: 0, width: outputWidth, height: outputHeight)
        if letterbox {
            // Compare aspect ratios in integers: crop.w / crop.h against out.w / out.h.
            if crop.width * outputHeight >= crop.height * outputWidth {
                inner.height = max(1, (crop.height * outputWidth + crop.width / 2) / crop.width)
                inner.y = (outputHeight - inner.height) / 2
            } else {
                inner.width = max(1, (crop.width * outputHeight + crop.height / 2) / crop.height)
                inner.x = (outputWidth - inner.width) / 2
            }
        }
        placement = inner
        // Half-pixel centres in 16.16 fixed point; weights rounded to 7 bits.
        func axis(_ outCount: Int, _ inCount: Int) -> (lo: [Int], hi: [Int], weight: [Int32]) {
            var lo = [Int](), hi = [Int](), weight = [Int32]()
            for i in 0..<outCount {
                var position = ((2 * i + 1) * inCount * 65536) / (2 * outCount) - 32768
                position = max(0, min(position, (inCount - 1) * 65536))
                let index = position >> 16
                var w = Int32(((position & 0xFFFF) * 128 + 32768) >> 16)
                var next = min(index + 1, inCount - 1)
                if w == 128 {  // rounded up to the next sample
                    w = 0
                    next = min(index + 1, inCount - 1)
                    lo.append(next)
                } else {
                    lo.append(index)
                }
                hi.append(next)
                weight.append(w)
            }
            return (lo, hi, weight)
        }
        let xs = axis(inner.width, crop.width), ys = axis(inner.height, crop.height)
        x0Offsets = xs.lo.map { Int32(3 * (crop.x + $0)) }
        x1Offsets = xs.hi.map { Int32(3 * (crop.x + $0)) }
        xWeights = xs.weight
        y0Rows = ys.lo.map { crop.y + $0 }
        y1Rows = ys.hi.map { crop.y + $0 }
        yWeights = ys.weight
    }

    /// Writes the model input (outputHeight rows of outputWidth * 3 bytes) for `source` into `output`.
    public func resize(_ source: Image, into output: UnsafeMutableRawBufferPointer, variant: ImageKernels.Variant? = nil) {
        precondition(source.width == sourceWidth && source.height == sourceHeight && source.channels == 3)
        precondition(output.count >= outputWidth * outputHeight * 3)
        let flip: UInt8 = quantization == .int8 ? 0x80 : 0
        let out = output.bindMemory(to: UInt8.self).baseAddress!
        let rowOut = outputWidth * 3
        if placement.width != outputWidth || placement.height != outputHeight {
            memsetBytes(out, padValue ^ flip, outputWidth * outputHeight * 3)
        }
        let kernel = ImageKernels.table(variant).resize_bilinear_rgb!
        source.pixels.withUnsafeBufferPointer { pixels in
            let base = pixels.baseAddress!
            let rowBytes = sourceWidth * 3
            x0Offsets.withUnsafeBufferPointer { o0 in
                x1Offsets.withUnsafeBufferPointer { o1 in
                    xWeights.withUnsafeBufferPointer { w in
                        for y in 0..<placement.height {
                            let r0 = y0Rows[y] * rowBytes, r1 = y1Rows[y] * rowBytes
                            let readable = pixels.count - max(r0, r1)
                            kernel(
                                base + r0, base + r1, readable, o0.baseAddress, o1.baseAddress, w.baseAddress,
                                yWeights[y], placement.width, flip,
                                out + (placement.y + y) * rowOut + placement.x * 3)
                        }
                    }
                }
            }
        }
    }

    /// The model input as a new array.
    public func resize(_ source: Image, variant: ImageKernels.Variant? = nil) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: outputWidth * outputHeight * 3)
        output.withUnsafeMutableBytes { resize(source, into: $0, variant: variant) }
        return output
    }
}

private func memsetBytes(_ pointer: UnsafeMutablePointer<UInt8>, _ value: UInt8, _ count: Int) {
    pointer.update(repeating: value, count: count)
}
