// Camera benchmark (build with -c release): decode + preprocess MJPEG into a 192x192 int8 model input, kernel
// variants against the scalar oracle, and the motion gate's cost per frame. Each figure is printed with its ratio to
// a peer measured in the same run.
import Camera
import Foundation
import Logging
import Synchronization

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Milliseconds per call: the median of 5 batches, each at least ~0.2 s.
func measure(_ body: () throws -> Void) rethrows -> Double {
    try body()
    var iterations = 1
    while true {
        let start = now()
        for _ in 0..<iterations { try body() }
        if now() - start > 0.2 { break }
        iterations *= 2
    }
    var batches: [Double] = []
    for _ in 0..<5 {
        let start = now()
        for _ in 0..<iterations { try body() }
        batches.append((now() - start) * 1000 / Double(iterations))
    }
    return batches.sorted()[2]
}

func scene(width: Int, height: Int, seed: Int) -> Image {
    var image = Image(width: width, height: height, channels: 3)
    var state = UInt64(seed + 1)
    for y in 0..<height {
        for x in 0..<width {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            let noise = Int(state >> 61)
            let i = (y * width + x) * 3
            let block = (x / 40 + y / 30 + seed) % 4 == 0
            image.pixels[i] = UInt8((x * 255 / width + noise) & 255)
            image.pixels[i + 1] = UInt8(block ? 220 : (y * 255 / height))
            image.pixels[i + 2] = UInt8(((x + y) * 128 / (width + height) + noise * 3) & 255)
        }
    }
    return image
}

func line(_ label: String, _ ms: Double, _ note: String = "") {
    print(label.padding(toLength: 58, withPad: " ", startingAt: 0) + String(format: "%8.3f ms", ms) + (note.isEmpty ? "" : "  " + note))
}

let best = ImageKernels.current
print("camera benchmark — kernels: \(best.rawValue) (available: \(ImageKernels.available.map(\.rawValue).joined(separator: ", ")))")
let decoder = JPEGDecoder()

for (width, height) in [(640, 480), (1280, 720)] {
    let jpeg = try JPEGEncoder(quality: 85).encode(scene(width: width, height: height, seed: 1))
    let resizerFor: (Image) -> ModelInputResizer = { image in
        ModelInputResizer(sourceWidth: image.width, sourceHeight: image.height, outputWidth: 192, outputHeight: 192,
                          letterbox: true, quantization: .int8, padValue: 0)
    }
    let probe = try decoder.decode(jpeg)
    let placement = resizerFor(probe).placement
    let scaledImage = try decoder.decode(jpeg, minimumWidth: placement.width, minimumHeight: placement.height)
    let scaledResizer = resizerFor(scaledImage), fullResizer = resizerFor(probe)
    var input = [UInt8](repeating: 0, count: 192 * 192 * 3)
    let scaled = try measure {
        let image = try decoder.decode(jpeg, minimumWidth: placement.width, minimumHeight: placement.height)
        input.withUnsafeMutableBytes { scaledResizer.resize(image, into: $0) }
    }
    let full = try measure {
        let image = try decoder.decode(jpeg)
        input.withUnsafeMutableBytes { fullResizer.resize(image, into: $0) }
    }
    print("MJPEG \(width)x\(height) (\(jpeg.count) bytes) -> 192x192 int8, letterboxed:")
    line("  scaled decode (\(scaledImage.width)x\(scaledImage.height)) + resize", scaled,
         String(format: "%.2fx faster than full decode + resize", full / scaled))
    line("  full decode + resize (peer)", full)
    let resizeBest = measure { input.withUnsafeMutableBytes { fullResizer.resize(probe, into: $0, variant: best) } }
    let resizeScalar = measure { input.withUnsafeMutableBytes { fullResizer.resize(probe, into: $0, variant: .scalar) } }
    line("  resize \(width)x\(height) -> 192x192 only, \(best.rawValue)", resizeBest,
         String(format: "%.2fx scalar", resizeScalar / resizeBest))
    line("  resize \(width)x\(height) -> 192x192 only, scalar (peer)", resizeScalar)
}

// YUYV -> RGB for a 640x480 frame.
var yuyv = [UInt8](repeating: 0, count: 640 * 480 * 2)
for i in 0..<yuyv.count { yuyv[i] = UInt8(truncatingIfNeeded: i &* 2654435761 >> 7) }
let yuyvBest = yuyv.withUnsafeBytes { raw in measure { _ = YUYVConverter.rgb(raw, width: 640, height: 480, variant: best) } }
let yuyvScalar = yuyv.withUnsafeBytes { raw in measure { _ = YUYVConverter.rgb(raw, width: 640, height: 480, variant: .scalar) } }
print("YUYV 640x480 -> RGB:")
line("  \(best.rawValue)", yuyvBest, String(format: "%.2fx scalar", yuyvScalar / yuyvBest))
line("  scalar (peer)", yuyvScalar)

// The motion gate, as it runs on an idle 25 fps stream: grey at 80x60, then the gate.
print("Motion gate per frame (640x480 -> 80x60 grey):")
let mjpeg = try JPEGEncoder(quality: 85).encode(scene(width: 640, height: 480, seed: 2))
var gate = MotionGate()
_ = gate.evaluate(try decoder.decode(mjpeg, scaleDenominator: 8, grey: true))
let gateOnly = try measure { _ = gate.evaluate(try decoder.decode(mjpeg, scaleDenominator: 8, grey: true)) }
let greyImage = try decoder.decode(mjpeg, scaleDenominator: 8, grey: true)
let evaluateOnly = measure { _ = gate.evaluate(greyImage) }
var grey = Image(width: 80, height: 60, channels: 1)
var downscaler = LumaDownscaler(factor: 8)
var yuyvGate = MotionGate()
let yuyvPath = measure {
    // What an idle YUYV stream costs per frame: the copy out of the mmap buffer, luma downscale, gate.
    let copy = Array(yuyv)
    copy.withUnsafeBytes { downscaler.downscale($0, width: 640, height: 480, rowStride: 1280, pixelStride: 2, into: &grey) }
    _ = yuyvGate.evaluate(grey)
}
let yuyvScalarPath = measure {
    let copy = Array(yuyv)
    copy.withUnsafeBytes {
        downscaler.downscale($0, width: 640, height: 480, rowStride: 1280, pixelStride: 2, into: &grey, variant: .scalar)
    }
    _ = yuyvGate.evaluate(grey)
}
let fullDecodeGate = try measure { _ = gate.evaluate(TestDownscale.grey(try decoder.decode(mjpeg, grey: true))) }
line("  MJPEG: grey decode at 1/8 + gate", gateOnly,
     String(format: "%.2fx faster than full grey decode + box downscale + gate", fullDecodeGate / gateOnly))
line("  MJPEG: full grey decode + downscale + gate (peer)", fullDecodeGate)
line("  gate evaluation alone (80x60)", evaluateOnly)
line("  YUYV: copy + luma downscale (\(best.rawValue)) + gate", yuyvPath,
     String(format: "%.2fx faster than with the scalar downscale", yuyvScalarPath / yuyvPath))
line("  YUYV: copy + luma downscale (scalar) + gate (peer)", yuyvScalarPath)
print(String(format: "Idle 25 fps with only the gate: MJPEG %.2f %% of one core, YUYV %.2f %% (goal <= 5 %%;"
    + " the capture syscalls themselves are not included)", gateOnly * 25 / 10, yuyvPath * 25 / 10))

// Measured, not computed: the supervisor plays an MJPEG file at 25 fps in real time (its pacing thread sleeping
// between frames like a camera's poll), the gate runs on every frame; CPU time of the process over wall time.
do {
    let file = FileManager.default.temporaryDirectory.appendingPathComponent("closetd-bench-\(getpid()).mjpeg")
    var stream: [UInt8] = []
    for i in 0..<150 { stream += try JPEGEncoder(quality: 85).encode(scene(width: 640, height: 480, seed: i % 3)) }
    try Data(stream).write(to: file)
    defer { try? FileManager.default.removeItem(at: file) }
    struct GateState: ~Copyable {
        var preprocessor = FramePreprocessor()
        var gate = MotionGate()
        var frames = 0
    }
    let state = Mutex(GateState())
    var settings = CameraSettings()
    settings.replay = file.path
    settings.framesPerSecond = 25
    let supervisor = CameraSupervisor(settings: settings, logger: Logger(label: "bench"), onFrame: { frame in
        state.withLock { s in
            if let grey = try? s.preprocessor.gateImage(frame) { _ = s.gate.evaluate(grey) }
            s.frames += 1
        }
    })
    func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
            + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }
    let task = Task { await supervisor.run() }
    try await Task.sleep(for: .milliseconds(500))
    let (cpu0, wall0, frames0) = (cpuSeconds(), now(), state.withLock { $0.frames })
    try await Task.sleep(for: .seconds(4))
    let (cpu1, wall1, frames1) = (cpuSeconds(), now(), state.withLock { $0.frames })
    task.cancel()
    _ = await task.result
    let fps = Double(frames1 - frames0) / (wall1 - wall0)
    print(String(format: "Idle stream measured: MJPEG 640x480 replayed at %.1f fps with only the gate: %.2f %% of one core"
        + " (process CPU time / wall time over %.1f s; goal <= 5 %%)", fps, (cpu1 - cpu0) / (wall1 - wall0) * 100, wall1 - wall0))
}

/// A plain box downscale by 8 of a grey image (the peer of the 1/8 DCT decode).
enum TestDownscale {
    static func grey(_ image: Image) -> Image {
        var out = Image(width: image.width / 8, height: image.height / 8, channels: 1)
        var d = LumaDownscaler(factor: 8)
        image.pixels.withUnsafeBytes {
            d.downscale($0, width: image.width, height: image.height, rowStride: image.width, pixelStride: 1, into: &out)
        }
        return out
    }
}
