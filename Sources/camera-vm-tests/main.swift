// Capture tests against the kernel's vivid driver, run inside the VM by tools/vm/run-camera-vm-tests.sh (never on the
// host: it needs /dev/video0 to be vivid). Prints "PASS name: detail" or "FAIL name: detail" per test; exits 1 on any
// failure.
import Camera
import Foundation
import Logging
import Synchronization

let device = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "/dev/video0"
var failures = 0

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

@MainActor func check(_ name: String, _ body: () throws -> String) {
    let start = now()
    do {
        let detail = try body()
        print("PASS \(name): \(detail) (\(String(format: "%.1f", now() - start)) s)")
    } catch {
        failures += 1
        print("FAIL \(name): \(error)")
    }
    fflush(nil)
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw Failure(message()) }
}

func source(fps: Int = 25, buffers: Int = 4) -> V4L2FrameSource {
    V4L2FrameSource(device: device, width: 640, height: 480, framesPerSecond: fps, bufferCount: buffers)
}

func frames(_ source: V4L2FrameSource, count: Int, timeoutSeconds: Double = 30) throws -> [Frame] {
    var result: [Frame] = []
    let deadline = now() + timeoutSeconds
    while result.count < count {
        guard now() < deadline else { throw Failure("only \(result.count) of \(count) frames in \(timeoutSeconds) s") }
        if let frame = try source.newestFrame(timeoutMilliseconds: 1000) { result.append(frame) }
    }
    return result
}

/// Runs a supervisor until `until` says so or the time is up; returns the states it went through.
func supervise(_ settings: CameraSettings, seconds: Double, during: (CameraSupervisor) throws -> Bool) throws -> [CameraState] {
    let states = Mutex<[CameraState]>([])
    let supervisor = CameraSupervisor(
        settings: settings, logger: Logger(label: "vm"), onState: { s in states.withLock { $0.append(s) } })
    let done = DispatchSemaphore(value: 0)
    let task = Task.detached {
        await supervisor.run()
        done.signal()
    }
    let deadline = now() + seconds
    var finished = false
    while now() < deadline && !finished {
        usleep(100_000)
        finished = try during(supervisor)
    }
    task.cancel()
    done.wait()
    let seen = states.withLock { $0 }
    try require(finished, "gave up after \(seconds) s; states: \(seen.map(\.description))")
    return seen
}

// vivid starts every test from its defaults: reset what a test changes.
func control(_ name: String, _ value: Int32) throws { try V4L2Controls.set(device: device, control: name, to: value) }

check("negotiation and rate") {
    let s = source()
    try s.open()
    defer { s.close() }
    let n = try require(s.negotiated)
    try require(n.format == .yuyv && n.width == 640 && n.height == 480, "negotiated \(n)")
    try require(abs(n.framesPerSecond - 25) < 0.01, "rate set to \(n.framesPerSecond), asked 25")
    _ = try frames(s, count: 5)
    let start = now()
    let got = try frames(s, count: 50)
    let wall = now() - start
    let span = got.last!.timestampSeconds - got.first!.timestampSeconds
    let sequenceSpan = Double(got.last!.sequence - got.first!.sequence)
    let rate = sequenceSpan / span
    try require(abs(rate - 25) < 2.5, "driver rate \(rate) fps, asked 25")
    return String(
        format: "YUYV 640x480, driver %.2f fps by timestamps, %.2f frames/s handed on (wall), %llu dropped, %llu late",
        rate, Double(got.count - 1) / wall, s.statistics.dropped, s.statistics.late)
}

func require<T>(_ value: T?) throws -> T {
    guard let value else { throw Failure("missing value") }
    return value
}

check("known frame content (colour bars, OSD off)") {
    try control("Test Pattern", 0)  // 75% colour bars
    try control("OSD Text Mode", 2)  // no text
    let s = source()
    try s.open()
    defer { s.close() }
    let got = try frames(s, count: 4)
    try require(got[1].bytes == got[2].bytes && got[2].bytes == got[3].bytes, "frames differ with the OSD off")
    let image = got[3].bytes.withUnsafeBytes {
        YUYVConverter.rgb($0, width: 640, height: 480, bytesPerLine: got[3].bytesPerLine)
    }
    // Eight bars: white, yellow, cyan, green, magenta, red, blue, black at 75 %.
    let expected: [[Int]] = [[191, 191, 191], [191, 191, 0], [0, 191, 191], [0, 191, 0], [191, 0, 191], [191, 0, 0],
                             [0, 0, 191], [0, 0, 0]]
    var seen: [[Int]] = []
    for bar in 0..<8 {
        let x = bar * 80 + 40, y = 240
        let i = (y * 640 + x) * 3
        let rgb = [Int(image.pixels[i]), Int(image.pixels[i + 1]), Int(image.pixels[i + 2])]
        seen.append(rgb)
        try require(zip(rgb, expected[bar]).allSatisfy { abs($0 - $1) <= 12 }, "bar \(bar) is \(rgb), expected \(expected[bar])")
    }
    return "3 identical frames; bars \(seen)"
}

let reconnectSettings: CameraSettings = {
    var settings = CameraSettings()
    settings.device = device
    settings.initialBackoffSeconds = 0.2
    settings.maximumBackoffSeconds = 1
    settings.noFrameTimeoutSeconds = 5
    return settings
}()

@MainActor func injectAndRecover(_ name: String, control controlName: String, expect summary: String) {
    check(name) {
        var phase = 0
        var injectedAt = 0.0
        var streamingAgainAt = 0.0
        var recoveredAfter = 0.0
        let states = try supervise(reconnectSettings, seconds: 30) { supervisor in
            switch phase {
            case 0:
                if let frame = supervisor.newestFrame(), frame.sequence >= 3 {
                    try control(controlName, 1)
                    injectedAt = now()
                    phase = 1
                }
            case 1:
                if supervisor.state.summary == summary { phase = 2 }
            case 2:
                if supervisor.state.summary == "streaming" {
                    streamingAgainAt = now()
                    phase = 3
                }
            default:
                // A frame captured after the reopen (V4L2 timestamps are CLOCK_MONOTONIC, like now()).
                if let frame = supervisor.newestFrame(), frame.timestampSeconds > injectedAt, supervisor.restarts > 0 {
                    recoveredAfter = max(streamingAgainAt, frame.timestampSeconds) - injectedAt
                    return true
                }
            }
            return false
        }
        let summaries = states.map(\.summary)
        try require(summaries.contains(summary), "no \(summary) state: \(summaries)")
        let lastWaiting = states.last { if case .waiting = $0 { return true } else { return false } }
        return "states \(summaries.joined(separator: " -> ")); frames again \(String(format: "%.1f", recoveredAfter)) s after the injection; \(lastWaiting?.description ?? "")"
    }
}

injectAndRecover("disconnect -> reconnect", control: "Disconnect", expect: "device lost")
injectAndRecover("fatal streaming error -> recovery", control: "Inject Fatal Streaming Error", expect: "device lost")

check("dropped buffers are counted") {
    try control("Percentage of Dropped Buffers", 40)
    defer { try? control("Percentage of Dropped Buffers", 0) }
    let s = source()
    try s.open()
    defer { s.close() }
    let got = try frames(s, count: 30)
    let span = got.last!.sequence - got.first!.sequence
    try require(s.statistics.dropped > 0, "no drops counted over sequence \(got.first!.sequence)...\(got.last!.sequence)")
    return "\(s.statistics.dropped) dropped over \(span) sequence numbers with 40 % injected (\(s.statistics.late) late)"
}

check("STREAMON error -> clear error, retry works") {
    // Directly: the error names the call and the reason.
    try control("Inject VIDIOC_STREAMON Error", 1)
    let s = source()
    var message = ""
    do {
        try s.open()
        s.close()
        throw Failure("open succeeded despite the injected STREAMON error")
    } catch let error as CameraError {
        message = error.description
        try require(error.message.contains("VIDIOC_STREAMON"), "error does not name the call: \(error)")
    }
    // Through the supervisor: it reports the error as a state, retries, and streams.
    try control("Inject VIDIOC_STREAMON Error", 1)
    let states = try supervise(reconnectSettings, seconds: 30) { supervisor in
        return supervisor.newestFrame() != nil
    }
    let waiting = states.first {
        if case .waiting(let reason, _) = $0 { return reason.message.contains("VIDIOC_STREAMON") } else { return false }
    }
    try require(waiting != nil, "the supervisor reported no STREAMON error state: \(states.map(\.description))")
    return "open: \"\(message)\"; supervisor: \(states.map(\.summary).joined(separator: " -> ")) (\(waiting!.description))"
}

check("camera list and grab through the CLI code") {
    let described = try V4L2Inventory.describe(device)
    let yuyv = try require(described.formats.first { $0.fourcc == "YUYV" })
    try require(yuyv.sizes.contains { $0.width == 640 && $0.height == 480 }, "no 640x480 in \(yuyv.sizes.map { "\($0.width)x\($0.height)" })")
    let jpeg = try FrameGrabber.grabJPEG(from: source(), skipFrames: 1)
    let decoded = try JPEGDecoder().decode(jpeg)
    try require(decoded.width == 640 && decoded.height == 480, "grabbed \(decoded.width)x\(decoded.height)")
    return "\(described.card): \(described.formats.count) formats; grabbed a \(jpeg.count)-byte JPEG"
}

// MJPEG through v4l2loopback (when the runner could build it): a writer feeds JPEGs, one of them without Huffman
// tables as cheap UVC cameras send them; the capture side must negotiate MJPEG and hand on decodable frames.
let loopback = "/dev/video10"
if FileManager.default.fileExists(atPath: loopback) {
    check("MJPEG camera (v4l2loopback): negotiation, frames, frames without Huffman tables") {
        func picture(_ seed: Int) -> Image {
            var image = Image(width: 640, height: 480, channels: 3)
            for y in 0..<480 {
                for x in 0..<640 {
                    let i = (y * 640 + x) * 3
                    image.pixels[i] = UInt8((x + seed * 80) % 256)
                    image.pixels[i + 1] = UInt8(y % 256)
                    image.pixels[i + 2] = UInt8(seed * 60)
                }
            }
            return image
        }
        let jpegs = try (0..<3).map { try JPEGEncoder(quality: 80).encode(picture($0)) }
        let stripped = stripHuffmanTables(jpegs[2])
        try require(!MJPEGFrame.hasHuffmanTables(stripped), "stripping the tables did not work")
        let writer = try LoopbackWriter(device: loopback, width: 640, height: 480, frames: [jpegs[0], jpegs[1], stripped])
        writer.start(framesPerSecond: 15)
        defer { writer.stop() }
        usleep(200_000)
        let s = V4L2FrameSource(device: loopback, width: 640, height: 480, framesPerSecond: 25, bufferCount: 4)
        try s.open()
        defer { s.close() }
        let n = try require(s.negotiated)
        try require(n.format == .mjpeg && n.width == 640 && n.height == 480, "negotiated \(n)")
        let got = try frames(s, count: 12)
        let repaired = MJPEGFrame.withHuffmanTables(stripped)
        // v4l2loopback shares its buffers between writer and readers without ownership: under emulation the writer
        // can overwrite a buffer being read, so a few torn frames are the loopback's, not ours. Most must be exact.
        var fromStripped = 0, exact = 0, torn = 0
        for frame in got {
            if frame.bytes == jpegs[0] || frame.bytes == jpegs[1] || frame.bytes == repaired {
                exact += 1
                if frame.bytes == repaired { fromStripped += 1 }
                let image = try JPEGDecoder().decode(frame.bytes, scaleDenominator: 8)
                try require(image.width == 80 && image.height == 60, "decoded \(image.width)x\(image.height)")
            } else {
                torn += 1
                _ = try? JPEGDecoder().decode(frame.bytes)  // must fail cleanly or decode, never crash
            }
        }
        try require(exact >= got.count * 3 / 4, "only \(exact) of \(got.count) frames are identical to those written")
        try require(fromStripped > 0, "no frame of the table-less JPEG came through")
        return "MJPG 640x480; \(exact) of \(got.count) frames identical to those written (\(torn) torn by the loopback),"
            + " \(fromStripped) from the table-less JPEG decoded after inserting the standard tables;"
            + " \(writer.framesWritten) written, \(s.statistics.corrupt) corrupt"
    }
} else {
    print("SKIP MJPEG camera (v4l2loopback): \(loopback) does not exist (the runner could not build v4l2loopback)")
}

func stripHuffmanTables(_ jpeg: [UInt8]) -> [UInt8] {
    var result = Array(jpeg[0..<2])
    var offset = 2
    while offset + 4 <= jpeg.count, jpeg[offset + 1] != 0xDA {
        let length = Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3])
        if jpeg[offset + 1] != 0xC4 { result.append(contentsOf: jpeg[offset..<(offset + 2 + length)]) }
        offset += 2 + length
    }
    return result + jpeg[offset...]
}

print(failures == 0 ? "camera VM tests: all passed" : "camera VM tests: \(failures) failed")
exit(failures == 0 ? 0 : 1)
