/// Something frames come from: a V4L2 camera, a folder of timestamped JPEGs, an MJPEG file.
/// Used from one thread at a time (the supervisor's); `open` again after `close` starts over.
public protocol FrameSource: AnyObject {
    /// What to call it in logs and states ("/dev/video0", a folder path).
    var name: String { get }
    /// Counters since the source was created (kept across reopen).
    var statistics: CaptureStatistics { get }
    /// Opens and starts streaming.
    func open() throws
    /// The newest frame, waiting up to `timeoutMilliseconds`; nil when none came in time. Older frames that were
    /// already waiting are skipped (counted as late). Throws CameraError when the source failed.
    func newestFrame(timeoutMilliseconds: Int) throws -> Frame?
    /// Stops streaming and releases the device. Safe to call twice.
    func close()
}
