/// Counters of a frame source since it was created.
public struct CaptureStatistics: Sendable, Equatable {
    /// Frames handed on.
    public var delivered: UInt64 = 0
    /// Frames the driver dropped (gaps in the sequence numbers).
    public var dropped: UInt64 = 0
    /// Frames captured but skipped because a newer one was already waiting (we were late).
    public var late: UInt64 = 0
    /// Frames that were corrupt (bad MJPEG, driver error flag) and skipped.
    public var corrupt: UInt64 = 0

    /// All zero.
    public init() {}
}
