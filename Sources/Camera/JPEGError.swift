/// Why a JPEG (an MJPEG frame, a file of a folder source) could not be used.
public struct JPEGError: Error, Equatable, CustomStringConvertible {
    /// What went wrong, so callers can count corrupt frames apart from other failures.
    public enum Kind: Sendable, Equatable {
        /// Fewer bytes than the smallest possible JPEG.
        case tooShort
        /// It does not start with the SOI marker (FF D8).
        case missingStartOfImage
        /// It does not end with the EOI marker (FF D9): a truncated frame.
        case missingEndOfImage
        /// libjpeg refused it; the message is libjpeg's.
        case decoder
        /// The caller asked for something impossible (a bad scale, a zero size).
        case invalidRequest
        /// Its header declares more pixels than the decoder will allocate for (`JPEGDecoder.maximumOutputPixels`):
        /// a corrupt header, or a picture far larger than any camera frame or photo closetd reads.
        case tooLarge
    }

    /// The kind of failure.
    public var kind: Kind
    /// A sentence naming the reason.
    public var message: String

    /// A JPEG error of the given kind.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "JPEG: \(message)" }
}
