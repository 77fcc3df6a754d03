import CV4L2
import Glibc

/// An open V4L2 device node through libv4l2 (which converts formats the camera lacks, e.g. to RGB24). Every ioctl
/// retries EINTR and throws a CameraError naming the device, the call and errno.
final class V4L2Device {
    let path: String
    private(set) var fd: Int32

    /// Opens the node non-blocking (frames are waited for with poll).
    init(path: String) throws {
        self.path = path
        fd = cv4l2_open(path, O_RDWR | O_NONBLOCK)
        guard fd >= 0 else {
            let code = errno
            throw CameraError(
                code == ENOENT || code == ENODEV || code == ENXIO ? .noDevice : .systemCall,
                "\(path) cannot be opened: \(String(cString: strerror(code)))", errno: code)
        }
    }

    deinit { close() }

    func close() {
        if fd >= 0 {
            _ = v4l2_close(fd)
            fd = -1
        }
    }

    /// An ioctl; EINTR is retried. Returns false for `EAGAIN` when `allowAgain` (a non-blocking DQBUF with nothing).
    @discardableResult
    func ioctl<T>(_ request: UInt, _ name: String, _ argument: inout T, allowAgain: Bool = false) throws -> Bool {
        while true {
            let result = withUnsafeMutablePointer(to: &argument) { cv4l2_ioctl(fd, request, $0) }
            if result >= 0 { return true }
            let code = errno
            if code == EINTR { continue }
            if allowAgain && code == EAGAIN { return false }
            throw Self.error(path, name, code)
        }
    }

    /// The error for a failed call: ENODEV / EIO / ENXIO mean the camera is gone or broke.
    static func error(_ path: String, _ call: String, _ code: Int32) -> CameraError {
        let kind: CameraError.Code = (code == ENODEV || code == EIO || code == ENXIO) ? .deviceLost : .systemCall
        return CameraError(kind, "\(path): \(call) failed: \(String(cString: strerror(code)))", errno: code)
    }

    /// QUERYCAP: driver, card name, bus and the capabilities of this node.
    func capabilities() throws -> (driver: String, card: String, bus: String, caps: UInt32) {
        var cap = v4l2_capability()
        try ioctl(CV4L2_VIDIOC_QUERYCAP, "VIDIOC_QUERYCAP", &cap)
        let caps = cap.capabilities & UInt32(V4L2_CAP_DEVICE_CAPS) != 0 ? cap.device_caps : cap.capabilities
        return (cString(cap.driver), cString(cap.card), cString(cap.bus_info), caps)
    }

    /// The capture formats (fourcc, description, emulated by libv4l2).
    func formats() throws -> [(fourcc: UInt32, description: String, emulated: Bool)] {
        var result: [(UInt32, String, Bool)] = []
        for index in 0..<256 {
            var desc = v4l2_fmtdesc()
            desc.index = UInt32(index)
            desc.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            if cv4l2_ioctl(fd, CV4L2_VIDIOC_ENUM_FMT, &desc) < 0 { break }
            result.append((desc.pixelformat, cString(desc.description), desc.flags & UInt32(V4L2_FMT_FLAG_EMULATED) != 0))
        }
        return result
    }

    /// The discrete frame sizes of a format (stepwise ranges give their minimum and maximum).
    func frameSizes(_ fourcc: UInt32) -> [(width: Int, height: Int)] {
        var result: [(Int, Int)] = []
        for index in 0..<256 {
            var size = v4l2_frmsizeenum()
            size.index = UInt32(index)
            size.pixel_format = fourcc
            if cv4l2_ioctl(fd, CV4L2_VIDIOC_ENUM_FRAMESIZES, &size) < 0 { break }
            if size.type == V4L2_FRMSIZE_TYPE_DISCRETE.rawValue {
                result.append((Int(size.discrete.width), Int(size.discrete.height)))
            } else {
                result.append((Int(size.stepwise.min_width), Int(size.stepwise.min_height)))
                result.append((Int(size.stepwise.max_width), Int(size.stepwise.max_height)))
                break
            }
        }
        return result
    }

    /// The discrete frame rates (frames per second) of a format at a size.
    func frameRates(_ fourcc: UInt32, width: Int, height: Int) -> [Double] {
        var result: [Double] = []
        for index in 0..<64 {
            var interval = v4l2_frmivalenum()
            interval.index = UInt32(index)
            interval.pixel_format = fourcc
            interval.width = UInt32(width)
            interval.height = UInt32(height)
            if cv4l2_ioctl(fd, CV4L2_VIDIOC_ENUM_FRAMEINTERVALS, &interval) < 0 { break }
            let fraction = interval.type == V4L2_FRMIVAL_TYPE_DISCRETE.rawValue ? interval.discrete : interval.stepwise.min
            if fraction.numerator > 0 { result.append(Double(fraction.denominator) / Double(fraction.numerator)) }
            if interval.type != V4L2_FRMIVAL_TYPE_DISCRETE.rawValue { break }
        }
        return result
    }

    /// Sets a control found by its name (case-insensitive), e.g. vivid's "Disconnect" or "Test Pattern".
    func setControl(named name: String, to value: Int32) throws {
        var query = v4l2_query_ext_ctrl()
        query.id = CV4L2_CTRL_FLAG_NEXT_CTRL | CV4L2_CTRL_FLAG_NEXT_COMPOUND
        while cv4l2_ioctl(fd, CV4L2_VIDIOC_QUERY_EXT_CTRL, &query) == 0 {
            if cString(query.name).lowercased() == name.lowercased() {
                var control = v4l2_control(id: query.id, value: value)
                try ioctl(CV4L2_VIDIOC_S_CTRL, "VIDIOC_S_CTRL \(name)", &control)
                return
            }
            query.id |= CV4L2_CTRL_FLAG_NEXT_CTRL | CV4L2_CTRL_FLAG_NEXT_COMPOUND
        }
        throw CameraError(.unsupported, "\(path) has no control named \(name)")
    }
}

/// A fixed-size C char array (imported as a tuple) as a String.
func cString<T>(_ tuple: T) -> String {
    withUnsafeBytes(of: tuple) { raw in
        String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
    }
}

/// A fourcc as its four letters.
func fourccString(_ fourcc: UInt32) -> String {
    String(decoding: (0..<4).map { UInt8(truncatingIfNeeded: fourcc >> (8 * $0)) }, as: UTF8.self)
}
