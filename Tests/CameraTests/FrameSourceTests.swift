import Foundation
import Logging
import ServiceLifecycle
import Synchronization
import Testing

@testable import Camera

private func temporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("closetd-camera-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

@Suite struct FrameSourceTests {
    @Test func parsesBasicTimestamps() throws {
        let t = try #require(ISO8601BasicTimestamp.secondsSinceEpoch(fileName: "20261123T071502.250.jpg"))
        // 2026-11-23 07:15:02.25 UTC
        #expect(abs(t - 1_795_418_102.25) < 1e-6)
        #expect(ISO8601BasicTimestamp.secondsSinceEpoch(fileName: "19700101T000000.jpg") == 0)
        #expect(ISO8601BasicTimestamp.secondsSinceEpoch(fileName: "20000229T120000.jpg") == 951_825_600)
        #expect(ISO8601BasicTimestamp.secondsSinceEpoch(fileName: "frame-0001.jpg") == nil)
        #expect(ISO8601BasicTimestamp.secondsSinceEpoch(fileName: "20261323T071502.jpg") == nil)
    }

    @Test func folderPlaysInNameOrderWithFileTimes() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let names = ["20261123T071502.500.jpg", "20261123T071502.250.jpg", "20261123T071503.000.jpg"]
        for (i, name) in names.enumerated() {
            try Data(TestImages.jpeg(width: 64, height: 48, seed: i)).write(to: folder.appendingPathComponent(name))
        }
        try Data("not a jpeg".utf8).write(to: folder.appendingPathComponent("20261123T071502.750.jpg"))
        try Data("notes".utf8).write(to: folder.appendingPathComponent("README.txt"))
        let source = FolderFrameSource(folder: folder.path, realTime: false)
        try source.open()
        var times: [Double] = []
        while true {
            do {
                guard let frame = try source.newestFrame(timeoutMilliseconds: 100) else { continue }
                #expect(frame.format == .mjpeg && frame.width == 64 && frame.height == 48)
                times.append(frame.timestampSeconds)
            } catch let error as CameraError {
                #expect(error.code == .endOfStream)
                break
            }
        }
        let base = 1_795_418_102.0
        #expect(times.map { ($0 - base) * 1000 }.map { Int($0.rounded()) } == [250, 500, 1000])
        #expect(source.statistics.corrupt == 1 && source.statistics.delivered == 3)
    }

    @Test func emptyFolderIsAClearError() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let error = try #require(throws: CameraError.self) { try FolderFrameSource(folder: folder.path, realTime: false).open() }
        #expect(error.code == .badReplay && error.message.contains(folder.path))
    }

    @Test func mjpegFileSplitsIntoFramesAndSkipsJunk() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var stream: [UInt8] = []
        for i in 0..<4 {
            stream += try TestImages.jpeg(width: 80, height: 60, seed: i)
            if i == 1 { stream += [0x00, 0x12, 0xFF, 0x00] }  // junk between frames
        }
        let cut = try TestImages.jpeg(width: 80, height: 60, seed: 9)
        stream += cut[..<(cut.count / 2)]  // a frame cut off at the end
        let file = folder.appendingPathComponent("stream.mjpeg")
        try Data(stream).write(to: file)
        let source = MJPEGFileFrameSource(path: file.path, framesPerSecond: 10, realTime: false)
        try source.open()
        var frames: [Frame] = []
        while let frame = try? source.newestFrame(timeoutMilliseconds: 10) { frames.append(frame) }
        #expect(frames.count == 4)
        #expect(frames.map(\.timestampSeconds) == [0, 0.1, 0.2, 0.3])
        for frame in frames { #expect(try JPEGDecoder().decode(frame.bytes).width == 80) }
    }

    @Test func realTimeReplayIsPacedByTimestamps() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (i, name) in ["20261123T071502.000.jpg", "20261123T071502.300.jpg"].enumerated() {
            try Data(TestImages.jpeg(width: 32, height: 32, seed: i)).write(to: folder.appendingPathComponent(name))
        }
        let source = FolderFrameSource(folder: folder.path, realTime: true)
        try source.open()
        let start = ReplayClock.now()
        _ = try source.newestFrame(timeoutMilliseconds: 1000)
        let second = try source.newestFrame(timeoutMilliseconds: 1000)
        let elapsed = ReplayClock.now() - start
        #expect(second != nil)
        #expect(elapsed >= 0.29, "second frame came after \(elapsed) s, its timestamp says 0.3 s")
    }

    @Test func formatPreference() {
        #expect(V4L2FrameSource.choose(from: [CV4L2Constants.yuyv, CV4L2Constants.mjpeg])?.0 == .mjpeg)
        #expect(V4L2FrameSource.choose(from: [CV4L2Constants.rgb24, CV4L2Constants.yuyv])?.0 == .yuyv)
        #expect(V4L2FrameSource.choose(from: [CV4L2Constants.rgb24])?.0 == .rgb24)
        #expect(V4L2FrameSource.choose(from: []) == nil)
    }

    @Test func missingDeviceIsNoDevice() {
        let source = V4L2FrameSource(device: "/dev/video-none", width: 640, height: 480, framesPerSecond: 25, bufferCount: 4)
        let error = #expect(throws: CameraError.self) { try source.open() }
        #expect(error?.code == .noDevice)
        #expect(error?.message.contains("/dev/video-none") == true)
    }
}

/// A source that fails as told, for the supervisor.
final class ScriptedSource: FrameSource, @unchecked Sendable {
    let name = "scripted"
    var statistics = CaptureStatistics()
    let opens = Mutex(0)
    /// Open attempts that fail before one succeeds.
    let failingOpens: Int
    /// Frames delivered per successful open before the device is lost.
    let framesPerOpen: Int
    private var delivered = 0

    init(failingOpens: Int, framesPerOpen: Int) {
        self.failingOpens = failingOpens
        self.framesPerOpen = framesPerOpen
    }

    func open() throws {
        let n = opens.withLock { $0 += 1; return $0 }
        if n <= failingOpens { throw CameraError(.noDevice, "scripted: no device yet (attempt \(n))") }
        delivered = 0
    }

    func newestFrame(timeoutMilliseconds: Int) throws -> Frame? {
        if delivered >= framesPerOpen { throw CameraError(.deviceLost, "scripted: unplugged") }
        delivered += 1
        statistics.delivered += 1
        usleep(10_000)
        return Frame(format: .yuyv, width: 2, height: 1, bytesPerLine: 4, bytes: [16, 128, 16, 128],
                     timestampSeconds: 0, sequence: UInt64(delivered))
    }

    func close() {}
}

@Suite struct CameraSupervisorTests {
    @Test func reopensWithCappedBackoffAndReportsStates() async throws {
        var settings = CameraSettings()
        settings.initialBackoffSeconds = 0.05
        settings.maximumBackoffSeconds = 0.2
        let source = ScriptedSource(failingOpens: 4, framesPerOpen: 3)
        let states = Mutex<[CameraState]>([])
        let frames = Mutex(0)
        let supervisor = CameraSupervisor(
            settings: settings, logger: Logger(label: "test"), makeSource: { source },
            onState: { s in states.withLock { $0.append(s) } }, onFrame: { _ in frames.withLock { $0 += 1 } })
        let task = Task { await supervisor.run() }
        // Generous: under a loaded machine the task may start late (suites that wait for child processes can hold
        // the cooperative threads for minutes); the condition, not the time, ends the wait.
        let deadline = ReplayClock.now() + 600
        while frames.withLock({ $0 }) < 9, ReplayClock.now() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        task.cancel()
        await task.value
        let seen = states.withLock { $0 }
        let waits = seen.compactMap { state -> Double? in
            if case .waiting(_, let retry) = state { return retry }
            return nil
        }
        #expect(frames.withLock { $0 } >= 9)
        #expect(Array(waits.prefix(4)) == [0.05, 0.1, 0.2, 0.2], "backoff doubles up to the cap: \(waits)")
        #expect(seen.contains { $0.summary == "device lost" })
        #expect(seen.contains { $0.summary == "streaming" })
        #expect(seen.last == .stopped)
        #expect(supervisor.newestFrame() != nil)
        #expect(supervisor.restarts >= 6)
    }

    @Test func noFrameWatchdogRestartsCapture() async throws {
        final class Silent: FrameSource, @unchecked Sendable {
            let name = "silent"
            let statistics = CaptureStatistics()
            let opens = Mutex(0)
            func open() throws { opens.withLock { $0 += 1 } }
            func newestFrame(timeoutMilliseconds: Int) throws -> Frame? {
                usleep(UInt32(timeoutMilliseconds) * 1000)
                return nil
            }
            func close() {}
        }
        var settings = CameraSettings()
        settings.noFrameTimeoutSeconds = 0.3
        settings.initialBackoffSeconds = 0.05
        let source = Silent()
        let states = Mutex<[CameraState]>([])
        let supervisor = CameraSupervisor(
            settings: settings, logger: Logger(label: "test"), makeSource: { source },
            onState: { s in states.withLock { $0.append(s) } })
        let task = Task { await supervisor.run() }
        let deadline = ReplayClock.now() + 600
        while source.opens.withLock({ $0 }) < 2, ReplayClock.now() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        task.cancel()
        await task.value
        #expect(source.opens.withLock { $0 } >= 2)
        #expect(states.withLock { $0 }.contains { $0.summary == "no signal" })
    }
}

@Suite struct CameraSupervisorServiceTests {
    @Test func gracefulShutdownOfTheServiceGroupStopsCapture() async throws {
        var settings = CameraSettings()
        settings.initialBackoffSeconds = 0.05
        let source = ScriptedSource(failingOpens: 0, framesPerOpen: 1_000_000)
        let supervisor = CameraSupervisor(settings: settings, logger: Logger(label: "test"), makeSource: { source })
        let group = ServiceGroup(
            configuration: .init(services: [supervisor], gracefulShutdownSignals: [], logger: Logger(label: "test")))
        let task = Task { try await group.run() }
        let deadline = ReplayClock.now() + 600
        while supervisor.newestFrame() == nil, ReplayClock.now() < deadline { try await Task.sleep(for: .milliseconds(20)) }
        await group.triggerGracefulShutdown()
        try await task.value
        #expect(supervisor.state == .stopped)
        #expect(supervisor.newestFrame() != nil)
    }
}
