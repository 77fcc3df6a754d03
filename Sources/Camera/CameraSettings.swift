import Foundation

/// What the camera part needs from the configuration (the daemon maps its Config onto this).
public struct CameraSettings: Sendable, Equatable {
    /// The V4L2 device node.
    public var device: String = "/dev/video0"
    /// Wanted size; the device may pick the nearest it has.
    public var width: Int = 640
    /// Wanted size; the device may pick the nearest it has.
    public var height: Int = 480
    /// Wanted rate.
    public var framesPerSecond: Int = 25
    /// mmap buffers to stream with.
    public var buffers: Int = 4
    /// A folder of timestamped JPEGs or an MJPEG file to play instead of the device.
    public var replay: String?
    /// Capture restarts when no frame arrived for this long.
    public var noFrameTimeoutSeconds: Double = 20
    /// First wait before reopening; doubles up to `maximumBackoffSeconds`.
    public var initialBackoffSeconds: Double = 0.5
    /// Longest wait between reopen attempts.
    public var maximumBackoffSeconds: Double = 10

    /// Defaults.
    public init() {}

    /// The source these settings describe: the replay when set (a folder or an MJPEG file), else the device.
    public func makeSource() -> FrameSource {
        if let replay {
            var isFolder: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: replay, isDirectory: &isFolder)
            return isFolder.boolValue
                ? FolderFrameSource(folder: replay, realTime: true)
                : MJPEGFileFrameSource(path: replay, framesPerSecond: Double(framesPerSecond), realTime: true)
        }
        return V4L2FrameSource(
            device: device, width: width, height: height, framesPerSecond: framesPerSecond, bufferCount: buffers)
    }
}
