/// Why a frame source failed. The supervisor turns each into a camera state, then closes and reopens.
public struct CameraError: Error, Equatable, CustomStringConvertible {
    /// What went wrong; codes can grow.
    public enum Code: String, Sendable, Equatable {
        /// The device node does not exist or cannot be opened.
        case noDevice = "no device"
        /// The device vanished or failed while streaming (ENODEV, EIO, POLLERR, POLLHUP).
        case deviceLost = "device lost"
        /// No frame arrived in time.
        case noSignal = "no signal"
        /// The device offers no format closetd can use, or refused the one asked for.
        case unsupported = "unsupported"
        /// A V4L2 call failed otherwise.
        case systemCall = "system call failed"
        /// A replay folder or file is unusable.
        case badReplay = "bad replay"
        /// A replay source has no more frames.
        case endOfStream = "end of stream"
    }

    /// The kind of failure.
    public var code: Code
    /// A sentence naming the device or file and the reason.
    public var message: String
    /// The errno, when a system call failed.
    public var errno: Int32?

    /// An error.
    public init(_ code: Code, _ message: String, errno: Int32? = nil) {
        self.code = code
        self.message = message
        self.errno = errno
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
