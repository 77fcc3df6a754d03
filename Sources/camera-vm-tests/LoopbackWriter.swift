import CV4L2
import Foundation
import Synchronization

/// Feeds JPEG frames into a v4l2loopback node at a fixed rate, so that it looks like an MJPEG camera.
final class LoopbackWriter: Sendable {
    private let fd: Int32
    private let frames: [[UInt8]]
    private let stopped = Mutex(false)
    private let written = Mutex(0)

    init(device: String, width: Int, height: Int, frames: [[UInt8]]) throws {
        fd = open(device, O_RDWR)
        guard fd >= 0 else { throw Failure("\(device) cannot be opened: \(String(cString: strerror(errno)))") }
        self.frames = frames
        var format = v4l2_format()
        format.type = V4L2_BUF_TYPE_VIDEO_OUTPUT.rawValue
        format.fmt.pix.width = UInt32(width)
        format.fmt.pix.height = UInt32(height)
        format.fmt.pix.pixelformat = CV4L2_PIX_FMT_MJPEG
        format.fmt.pix.field = V4L2_FIELD_NONE.rawValue
        format.fmt.pix.sizeimage = UInt32(width * height * 2)
        guard cv4l2_ioctl(fd, CV4L2_VIDIOC_S_FMT, &format) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure("\(device): VIDIOC_S_FMT (output, MJPEG) failed: \(reason)")
        }
    }

    var framesWritten: Int { written.withLock { $0 } }

    /// Writes the frames round-robin at `framesPerSecond` on a thread of its own until `stop()`.
    func start(framesPerSecond: Double) {
        let thread = Thread { [self] in
            var index = 0
            while !stopped.withLock({ $0 }) {
                let frame = frames[index % frames.count]
                let n = frame.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if n == frame.count { written.withLock { $0 += 1 } }
                index += 1
                usleep(UInt32(1e6 / framesPerSecond))
            }
            close(fd)
        }
        thread.start()
    }

    func stop() { stopped.withLock { $0 = true } }
}
