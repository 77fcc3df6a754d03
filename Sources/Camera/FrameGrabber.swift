/// Takes single frames as JPEG (`closetd camera grab`, for setting the mirror up).
public enum FrameGrabber {
    /// Opens the source, lets `skipFrames` frames pass (auto exposure settles), and returns the next one as JPEG:
    /// MJPEG as the camera sent it (with Huffman tables), YUYV and RGB encoded at quality 90.
    public static func grabJPEG(from source: FrameSource, skipFrames: Int = 5, timeoutSeconds: Double = 10) throws -> [UInt8] {
        try source.open()
        defer { source.close() }
        let deadline = ReplayClock.now() + timeoutSeconds
        var seen = 0
        while ReplayClock.now() < deadline {
            guard let frame = try source.newestFrame(timeoutMilliseconds: 200) else { continue }
            seen += 1
            if seen <= skipFrames { continue }
            return try jpeg(frame)
        }
        throw CameraError(.noSignal, "\(source.name): no frame within \(timeoutSeconds.formatted2) s")
    }

    /// A frame as JPEG bytes.
    public static func jpeg(_ frame: Frame) throws -> [UInt8] {
        switch frame.format {
        case .mjpeg:
            return frame.bytes
        case .yuyv:
            let image = frame.bytes.withUnsafeBytes {
                YUYVConverter.rgb($0, width: frame.width, height: frame.height, bytesPerLine: frame.bytesPerLine)
            }
            return try JPEGEncoder().encode(image)
        case .rgb24:
            var image = Image(width: frame.width, height: frame.height, channels: 3)
            for y in 0..<frame.height {
                let from = y * frame.bytesPerLine
                image.pixels.replaceSubrange(
                    (y * image.rowBytes)..<((y + 1) * image.rowBytes), with: frame.bytes[from..<(from + image.rowBytes)])
            }
            return try JPEGEncoder().encode(image)
        }
    }
}
