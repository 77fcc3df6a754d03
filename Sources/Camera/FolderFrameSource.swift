import Foundation

/// Plays a folder of JPEG files whose names start with an ISO-8601 basic timestamp (`20261123T071502.250.jpg`), in
/// name order, with those timestamps as the frames' clock. Other files are ignored; a corrupt JPEG is counted and
/// skipped. With `realTime` the frames are paced by their timestamps; otherwise each call gives the next one.
public final class FolderFrameSource: FrameSource {
    public let name: String
    public private(set) var statistics = CaptureStatistics()
    private let realTime: Bool
    private var files: [(url: URL, time: Double)] = []
    private var index = 0
    private var clock = ReplayClock()

    /// A source over `folder`.
    public init(folder: String, realTime: Bool) {
        self.name = folder
        self.realTime = realTime
    }

    public func open() throws {
        let url = URL(fileURLWithPath: name, isDirectory: true)
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: url.path)
        } catch {
            throw CameraError(.badReplay, "replay folder \(name) cannot be read: \(error.localizedDescription)")
        }
        files = names.sorted().compactMap { fileName in
            let lower = fileName.lowercased()
            guard lower.hasSuffix(".jpg") || lower.hasSuffix(".jpeg"),
                let time = ISO8601BasicTimestamp.secondsSinceEpoch(fileName: fileName)
            else { return nil }
            return (url.appendingPathComponent(fileName), time)
        }
        guard !files.isEmpty else {
            throw CameraError(
                .badReplay, "replay folder \(name) has no JPEG named like 20261123T071502.250.jpg")
        }
        index = 0
        clock.reset()
    }

    public func newestFrame(timeoutMilliseconds: Int) throws -> Frame? {
        while true {
            guard index < files.count else {
                throw CameraError(.endOfStream, "replay folder \(name): all \(files.count) frames played")
            }
            if realTime {
                let wait = clock.secondsUntil(frameTime: files[index].time)
                if wait > Double(timeoutMilliseconds) / 1000 {
                    usleep(UInt32(max(0, timeoutMilliseconds)) * 1000)
                    return nil
                }
                if wait > 0 { usleep(UInt32(wait * 1e6)) }
                // Skip to the newest frame that is due.
                while index + 1 < files.count, clock.secondsUntil(frameTime: files[index + 1].time) <= 0 {
                    index += 1
                    statistics.late += 1
                }
            }
            let file = files[index]
            index += 1
            guard let data = try? Data(contentsOf: file.url) else {
                statistics.corrupt += 1
                continue
            }
            let bytes = [UInt8](data)
            guard let header = try? JPEGDecoder().header(bytes) else {
                statistics.corrupt += 1
                continue
            }
            statistics.delivered += 1
            return Frame(
                format: .mjpeg, width: header.width, height: header.height, bytesPerLine: 0, bytes: bytes,
                timestampSeconds: file.time, sequence: UInt64(index - 1))
        }
    }

    public func close() {}
}
