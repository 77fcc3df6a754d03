import CJPEGShim

/// Encodes images to JPEG with libjpeg (standard Huffman tables): `camera grab`, test frames.
public struct JPEGEncoder: Sendable {
    /// Quality 1...100.
    public var quality: Int

    /// An encoder at the given quality.
    public init(quality: Int = 90) {
        precondition((1...100).contains(quality), "JPEG quality must be 1...100")
        self.quality = quality
    }

    /// The JPEG bytes of an RGB or grey image.
    public func encode(_ image: Image) throws -> [UInt8] {
        guard image.width > 0, image.height > 0 else {
            throw JPEGError(.invalidRequest, "cannot encode an empty \(image.width)x\(image.height) image")
        }
        var message = [CChar](repeating: 0, count: Int(CJPEG_MESSAGE_CAPACITY))
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        let status = image.pixels.withUnsafeBufferPointer {
            cjpeg_encode(
                $0.baseAddress, Int32(image.width), Int32(image.height), Int32(image.channels), Int32(quality),
                &output, &size, &message)
        }
        guard status == 0, let output else { throw JPEGError(.decoder, cMessage(message)) }
        defer { cjpeg_free(output) }
        return Array(UnsafeBufferPointer(start: output, count: size))
    }
}
