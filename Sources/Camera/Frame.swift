/// One captured frame, as the source delivered it (not yet decoded).
public struct Frame: Sendable {
    /// Encoding of `bytes`.
    public var format: PixelFormat
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// Bytes per row for YUYV and RGB; 0 for MJPEG.
    public var bytesPerLine: Int
    /// The frame's bytes.
    public var bytes: [UInt8]
    /// Capture time in seconds on the source's clock: CLOCK_MONOTONIC for V4L2, the file name's time for a folder.
    public var timestampSeconds: Double
    /// The source's frame number (V4L2's sequence; gaps mean dropped frames).
    public var sequence: UInt64

    /// A frame.
    public init(
        format: PixelFormat, width: Int, height: Int, bytesPerLine: Int, bytes: [UInt8], timestampSeconds: Double,
        sequence: UInt64
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.bytesPerLine = bytesPerLine
        self.bytes = bytes
        self.timestampSeconds = timestampSeconds
        self.sequence = sequence
    }
}
