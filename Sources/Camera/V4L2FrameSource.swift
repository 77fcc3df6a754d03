import CV4L2
import Glibc

/// A camera through libv4l2: negotiates a format (MJPEG when offered, else YUYV, else RGB24 converted by libv4l2),
/// the size and the rate, streams with mmap buffers and always hands on the newest frame.
public final class V4L2FrameSource: FrameSource {
    public var name: String { devicePath }
    public private(set) var statistics = CaptureStatistics()
    /// What was negotiated at the last open.
    public private(set) var negotiated: (format: PixelFormat, width: Int, height: Int, framesPerSecond: Double)?

    private let devicePath: String
    private let width: Int, height: Int, framesPerSecond: Int, bufferCount: Int
    private var device: V4L2Device?
    private var buffers: [(pointer: UnsafeMutableRawPointer, length: Int)] = []
    private var bytesPerLine = 0
    private var lastSequence: UInt32?
    private var streaming = false

    /// A source for the device node at `device`.
    public init(device: String, width: Int, height: Int, framesPerSecond: Int, bufferCount: Int) {
        precondition(bufferCount >= 2 && framesPerSecond > 0)
        self.devicePath = device
        self.width = width
        self.height = height
        self.framesPerSecond = framesPerSecond
        self.bufferCount = bufferCount
    }

    deinit { close() }

    /// The format to ask for, given the fourccs the device lists (libv4l2's emulated ones included).
    static func choose(from fourccs: [UInt32]) -> (PixelFormat, UInt32)? {
        if fourccs.contains(CV4L2_PIX_FMT_MJPEG) { return (.mjpeg, CV4L2_PIX_FMT_MJPEG) }
        if fourccs.contains(CV4L2_PIX_FMT_JPEG) { return (.mjpeg, CV4L2_PIX_FMT_JPEG) }
        if fourccs.contains(CV4L2_PIX_FMT_YUYV) { return (.yuyv, CV4L2_PIX_FMT_YUYV) }
        if fourccs.contains(CV4L2_PIX_FMT_RGB24) { return (.rgb24, CV4L2_PIX_FMT_RGB24) }
        return nil
    }

    public func open() throws {
        close()
        let device = try V4L2Device(path: devicePath)
        self.device = device
        do {
            try configure(device)
        } catch {
            close()
            throw error
        }
    }

    private func configure(_ device: V4L2Device) throws {
        let caps = try device.capabilities()
        guard caps.caps & UInt32(V4L2_CAP_VIDEO_CAPTURE) != 0, caps.caps & UInt32(V4L2_CAP_STREAMING) != 0 else {
            throw CameraError(.unsupported, "\(devicePath) (\(caps.card)) is not a streaming capture device")
        }
        let formats = try device.formats()
        guard let (format, fourcc) = Self.choose(from: formats.map(\.fourcc)) else {
            let names = formats.map { fourccString($0.fourcc) }.joined(separator: ", ")
            throw CameraError(.unsupported, "\(devicePath) offers none of MJPG, YUYV, RGB3 (it has \(names))")
        }
        var fmt = v4l2_format()
        fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        fmt.fmt.pix.width = UInt32(width)
        fmt.fmt.pix.height = UInt32(height)
        fmt.fmt.pix.pixelformat = fourcc
        fmt.fmt.pix.field = V4L2_FIELD_NONE.rawValue
        try device.ioctl(CV4L2_VIDIOC_S_FMT, "VIDIOC_S_FMT", &fmt)
        guard fmt.fmt.pix.pixelformat == fourcc else {
            throw CameraError(.unsupported, "\(devicePath) refused \(fourccString(fourcc))")
        }
        bytesPerLine = Int(fmt.fmt.pix.bytesperline)
        var parm = v4l2_streamparm()
        parm.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        parm.parm.capture.timeperframe = v4l2_fract(numerator: 1, denominator: UInt32(framesPerSecond))
        // Some cameras have a fixed rate and refuse S_PARM: not fatal.
        if (try? device.ioctl(CV4L2_VIDIOC_S_PARM, "VIDIOC_S_PARM", &parm)) == nil {
            _ = try? device.ioctl(CV4L2_VIDIOC_G_PARM, "VIDIOC_G_PARM", &parm)
        }
        let tpf = parm.parm.capture.timeperframe
        let rate = tpf.numerator > 0 ? Double(tpf.denominator) / Double(tpf.numerator) : 0
        negotiated = (format, Int(fmt.fmt.pix.width), Int(fmt.fmt.pix.height), rate)

        var request = v4l2_requestbuffers()
        request.count = UInt32(bufferCount)
        request.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        request.memory = V4L2_MEMORY_MMAP.rawValue
        try device.ioctl(CV4L2_VIDIOC_REQBUFS, "VIDIOC_REQBUFS", &request)
        guard request.count >= 2 else {
            throw CameraError(.unsupported, "\(devicePath) gave \(request.count) buffers, at least 2 are needed")
        }
        for index in 0..<request.count {
            var buffer = v4l2_buffer()
            buffer.index = index
            buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            buffer.memory = V4L2_MEMORY_MMAP.rawValue
            try device.ioctl(CV4L2_VIDIOC_QUERYBUF, "VIDIOC_QUERYBUF", &buffer)
            let pointer = v4l2_mmap(
                nil, Int(buffer.length), PROT_READ | PROT_WRITE, MAP_SHARED, device.fd, Int64(buffer.m.offset))
            guard let pointer, pointer != MAP_FAILED else {
                throw V4L2Device.error(devicePath, "mmap", errno)
            }
            buffers.append((pointer, Int(buffer.length)))
            try device.ioctl(CV4L2_VIDIOC_QBUF, "VIDIOC_QBUF", &buffer)
        }
        var type = Int32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
        try device.ioctl(CV4L2_VIDIOC_STREAMON, "VIDIOC_STREAMON", &type)
        streaming = true
        lastSequence = nil
    }

    public func newestFrame(timeoutMilliseconds: Int) throws -> Frame? {
        guard let device, let negotiated else {
            throw CameraError(.systemCall, "\(devicePath) is not open")
        }
        var pfd = pollfd(fd: device.fd, events: Int16(POLLIN), revents: 0)
        while true {
            let ready = poll(&pfd, 1, Int32(timeoutMilliseconds))
            if ready < 0 && errno == EINTR { continue }
            if ready < 0 { throw V4L2Device.error(devicePath, "poll", errno) }
            if ready == 0 { return nil }
            break
        }
        if pfd.revents & Int16(POLLERR | POLLHUP) != 0 && pfd.revents & Int16(POLLIN) == 0 {
            throw CameraError(.deviceLost, "\(devicePath): poll reported \(pfd.revents & Int16(POLLHUP) != 0 ? "POLLHUP" : "POLLERR")")
        }
        // Drain: keep the newest buffer, give the older ones straight back. Each further DQBUF only after poll says
        // one is ready (libv4l2 logs every failed DQBUF, EAGAIN included).
        var newest: v4l2_buffer?
        while true {
            if newest != nil {
                var again = pollfd(fd: device.fd, events: Int16(POLLIN), revents: 0)
                guard poll(&again, 1, 0) > 0, again.revents & Int16(POLLIN) != 0 else { break }
            }
            var buffer = v4l2_buffer()
            buffer.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            buffer.memory = V4L2_MEMORY_MMAP.rawValue
            guard try device.ioctl(CV4L2_VIDIOC_DQBUF, "VIDIOC_DQBUF", &buffer, allowAgain: true) else { break }
            if let last = lastSequence, buffer.sequence > last &+ 1 {
                statistics.dropped += UInt64(buffer.sequence - last - 1)
            }
            lastSequence = buffer.sequence
            if buffer.flags & UInt32(V4L2_BUF_FLAG_ERROR) != 0 {
                statistics.corrupt += 1
                try device.ioctl(CV4L2_VIDIOC_QBUF, "VIDIOC_QBUF", &buffer)
                continue
            }
            if var older = newest {
                statistics.late += 1
                try device.ioctl(CV4L2_VIDIOC_QBUF, "VIDIOC_QBUF", &older)
            }
            newest = buffer
        }
        guard var buffer = newest else { return nil }
        let memory = buffers[Int(buffer.index)]
        var used = min(Int(buffer.bytesused), memory.length)
        if negotiated.format == .mjpeg {
            // Some drivers report the whole buffer as used: cut the zero padding after EOI.
            used = MJPEGFrame.lengthWithoutPadding(UnsafeRawBufferPointer(start: memory.pointer, count: used))
        }
        let bytes = [UInt8](UnsafeRawBufferPointer(start: memory.pointer, count: used))
        // QBUF rewrites the struct: read what the frame needs first.
        let sequence = UInt64(buffer.sequence)
        let time = Double(buffer.timestamp.tv_sec) + Double(buffer.timestamp.tv_usec) / 1e6
        try device.ioctl(CV4L2_VIDIOC_QBUF, "VIDIOC_QBUF", &buffer)
        if negotiated.format == .mjpeg {
            do {
                try bytes.withUnsafeBytes { try MJPEGFrame.validate($0) }
            } catch {
                statistics.corrupt += 1
                return nil
            }
        } else if used < bytesPerLine * (negotiated.height - 1) + negotiated.width * (negotiated.format == .yuyv ? 2 : 3) {
            statistics.corrupt += 1
            return nil
        }
        statistics.delivered += 1
        return Frame(
            format: negotiated.format, width: negotiated.width, height: negotiated.height,
            bytesPerLine: negotiated.format == .mjpeg ? 0 : bytesPerLine,
            bytes: negotiated.format == .mjpeg ? MJPEGFrame.withHuffmanTables(bytes) : bytes,
            timestampSeconds: time, sequence: sequence)
    }

    /// Sets a device control by name (tests use vivid's error-injection controls; "Brightness" etc. work too).
    public func setControl(named name: String, to value: Int32) throws {
        guard let device else { throw CameraError(.systemCall, "\(devicePath) is not open") }
        try device.setControl(named: name, to: value)
    }

    public func close() {
        guard let device else { return }
        if streaming {
            var type = Int32(V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
            _ = try? device.ioctl(CV4L2_VIDIOC_STREAMOFF, "VIDIOC_STREAMOFF", &type)
            streaming = false
        }
        for buffer in buffers { _ = v4l2_munmap(buffer.pointer, buffer.length) }
        buffers = []
        device.close()
        self.device = nil
    }
}

/// The fourccs closetd knows, for code that does not import CV4L2.
public enum CV4L2Constants {
    /// Motion-JPEG.
    public static let mjpeg = CV4L2_PIX_FMT_MJPEG
    /// YUYV 4:2:2.
    public static let yuyv = CV4L2_PIX_FMT_YUYV
    /// Packed RGB.
    public static let rgb24 = CV4L2_PIX_FMT_RGB24
}
