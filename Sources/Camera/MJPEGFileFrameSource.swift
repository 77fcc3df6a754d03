import Foundation

/// Plays a file of concatenated JPEG frames (a raw MJPEG stream, e.g. `ffmpeg -c:v mjpeg -f mjpeg` or a camera dump)
/// at a fixed rate; frame n has time n / framesPerSecond. The file is read whole at open.
public final class MJPEGFileFrameSource: FrameSource {
    public let name: String
    public private(set) var statistics = CaptureStatistics()
    private let framesPerSecond: Double
    private let realTime: Bool
    private var bytes: [UInt8] = []
    private var frames: [Range<Int>] = []
    private var index = 0
    private var clock = ReplayClock()

    /// A source over the file at `path`.
    public init(path: String, framesPerSecond: Double, realTime: Bool) {
        precondition(framesPerSecond > 0)
        self.name = path
        self.framesPerSecond = framesPerSecond
        self.realTime = realTime
    }

    public func open() throws {
        guard let data = FileManager.default.contents(atPath: name) else {
            throw CameraError(.badReplay, "MJPEG file \(name) cannot be read")
        }
        bytes = [UInt8](data)
        frames = Self.splitFrames(bytes)
        guard !frames.isEmpty else { throw CameraError(.badReplay, "MJPEG file \(name) holds no JPEG frame") }
        index = 0
        clock.reset()
    }

    public func newestFrame(timeoutMilliseconds: Int) throws -> Frame? {
        while true {
            guard index < frames.count else {
                throw CameraError(.endOfStream, "MJPEG file \(name): all \(frames.count) frames played")
            }
            if realTime {
                let wait = clock.secondsUntil(frameTime: Double(index) / framesPerSecond)
                if wait > Double(timeoutMilliseconds) / 1000 {
                    usleep(UInt32(max(0, timeoutMilliseconds)) * 1000)
                    return nil
                }
                if wait > 0 { usleep(UInt32(wait * 1e6)) }
                while index + 1 < frames.count, clock.secondsUntil(frameTime: Double(index + 1) / framesPerSecond) <= 0 {
                    index += 1
                    statistics.late += 1
                }
            }
            let frame = Array(bytes[frames[index]])
            index += 1
            guard let header = try? JPEGDecoder().header(frame) else {
                statistics.corrupt += 1
                continue
            }
            statistics.delivered += 1
            return Frame(
                format: .mjpeg, width: header.width, height: header.height, bytesPerLine: 0, bytes: frame,
                timestampSeconds: Double(index - 1) / framesPerSecond, sequence: UInt64(index - 1))
        }
    }

    public func close() { bytes = [] }

    /// The byte ranges of the JPEGs in a stream: from each SOI, through its header segments and entropy-coded data,
    /// to its EOI. Bytes between frames are skipped; a frame cut off by the end of the file is dropped.
    static func splitFrames(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var i = 0
        let n = bytes.count
        search: while i + 1 < n {
            guard bytes[i] == 0xFF, bytes[i + 1] == 0xD8 else {
                i += 1
                continue
            }
            let start = i
            var p = i + 2
            // Header segments up to SOS, by their lengths (so that an embedded thumbnail's EOI is not taken).
            while p + 3 < n {
                guard bytes[p] == 0xFF else { i = start + 1; continue search }
                let marker = bytes[p + 1]
                if marker == 0xFF { p += 1; continue }
                let length = Int(bytes[p + 2]) << 8 | Int(bytes[p + 3])
                p += 2 + length
                if marker == 0xDA { break }
            }
            // Entropy-coded data: a marker is FF followed by neither 00 (stuffing) nor a restart marker.
            while p + 1 < n {
                if bytes[p] == 0xFF, bytes[p + 1] != 0, !(0xD0...0xD7).contains(bytes[p + 1]) {
                    if bytes[p + 1] == 0xD9 {
                        ranges.append(start..<(p + 2))
                        i = p + 2
                        continue search
                    }
                    if bytes[p + 1] == 0xD8 { break }  // a new frame began: this one was cut
                    if bytes[p + 1] == 0xFF { p += 1; continue }
                    // Another segment (progressive scans): skip it by its length.
                    guard p + 3 < n else { break }
                    p += 2 + (Int(bytes[p + 2]) << 8 | Int(bytes[p + 3]))
                    continue
                }
                p += 1
            }
            i = max(p, start + 1)
        }
        return ranges
    }
}
