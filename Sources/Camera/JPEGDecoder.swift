import CJPEGShim

/// Decodes JPEGs with libjpeg, using its DCT-domain scaling (1/2, 1/4, 1/8) so that a frame much larger than the
/// models need costs a fraction of a full decode.
public struct JPEGDecoder: Sendable {
    /// The DCT scale denominators libjpeg supports cheaply, largest output first.
    public static let scaleDenominators = [1, 2, 4, 8]

    /// The most pixels a decode may produce (at its scale): 50 million, 150 MB of RGB. The output is allocated from
    /// the header's size before a byte is decoded, so a corrupt header (a frame declaring 65,000 × 65,000) must not
    /// size it unchecked. A 50-megapixel photo decodes at full scale; the pipeline decodes frames and photos at the
    /// 1/2, 1/4 or 1/8 scale nearest its models' needs.
    public var maximumOutputPixels = 50_000_000

    /// A decoder.
    public init() {}

    /// The size of a JPEG and its number of components, from its header.
    public func header(_ jpeg: [UInt8]) throws -> (width: Int, height: Int, components: Int) {
        let h = try readHeader(jpeg, scaleDenominator: 1)
        return (Int(h.width), Int(h.height), Int(h.components))
    }

    /// The largest denominator whose output is still at least `minimumWidth` x `minimumHeight` (1 when even the full
    /// size is smaller).
    public func scaleDenominator(_ jpeg: [UInt8], minimumWidth: Int, minimumHeight: Int) throws -> Int {
        var chosen = 1
        for denominator in Self.scaleDenominators {
            let h = try readHeader(jpeg, scaleDenominator: denominator)
            if Int(h.output_width) >= minimumWidth && Int(h.output_height) >= minimumHeight { chosen = denominator }
        }
        return chosen
    }

    /// Decodes at the smallest DCT scale that is still at least `minimumWidth` x `minimumHeight`.
    public func decode(_ jpeg: [UInt8], minimumWidth: Int, minimumHeight: Int, grey: Bool = false) throws -> Image {
        let denominator = try scaleDenominator(jpeg, minimumWidth: minimumWidth, minimumHeight: minimumHeight)
        return try decode(jpeg, scaleDenominator: denominator, grey: grey)
    }

    /// Decodes at a scale of 1/`scaleDenominator` (1, 2, 4 or 8) to RGB, or grey.
    public func decode(_ jpeg: [UInt8], scaleDenominator: Int = 1, grey: Bool = false) throws -> Image {
        guard Self.scaleDenominators.contains(scaleDenominator) else {
            throw JPEGError(.invalidRequest, "scale 1/\(scaleDenominator) is not one of 1, 1/2, 1/4, 1/8")
        }
        let h = try readHeader(jpeg, scaleDenominator: scaleDenominator)
        let pixels = Int(h.output_width) * Int(h.output_height)
        guard pixels <= maximumOutputPixels else {
            let scale = scaleDenominator == 1 ? "" : " at 1/\(scaleDenominator)"
            throw JPEGError(
                .tooLarge,
                "its header declares \(h.width)x\(h.height) pixels, \(h.output_width)x\(h.output_height)\(scale):"
                    + " more than the \(maximumOutputPixels / 1_000_000) million the decoder allocates for")
        }
        var image = Image(width: Int(h.output_width), height: Int(h.output_height), channels: grey ? 1 : 3)
        var message = [CChar](repeating: 0, count: Int(CJPEG_MESSAGE_CAPACITY))
        let rowBytes = image.rowBytes
        let status = jpeg.withUnsafeBufferPointer { input in
            image.pixels.withUnsafeMutableBufferPointer { output in
                cjpeg_decode(
                    input.baseAddress, input.count, Int32(scaleDenominator),
                    Int32(grey ? CJPEG_GREY.rawValue : CJPEG_RGB.rawValue), output.baseAddress, output.count,
                    rowBytes, &message)
            }
        }
        guard status == 0 else { throw JPEGError(.decoder, cMessage(message)) }
        return image
    }

    private func readHeader(_ jpeg: [UInt8], scaleDenominator: Int) throws -> cjpeg_header {
        try jpeg.withUnsafeBytes { try MJPEGFrame.validate($0) }
        var header = cjpeg_header()
        var message = [CChar](repeating: 0, count: Int(CJPEG_MESSAGE_CAPACITY))
        let status = jpeg.withUnsafeBufferPointer {
            cjpeg_read_header($0.baseAddress, $0.count, Int32(scaleDenominator), &header, &message)
        }
        guard status == 0 else { throw JPEGError(.decoder, cMessage(message)) }
        return header
    }
}
