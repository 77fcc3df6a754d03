import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Keeps frames coming: opens the source, hands on the newest frame, and on any fault (device gone, I/O error,
/// no frame for `noFrameTimeoutSeconds`) closes it, reports the state, waits with a capped exponential backoff and
/// reopens — logging once per outage, not once per attempt. It never ends because of the camera; only cancellation
/// (or a replay running out) stops it.
///
/// Capture runs on a thread of its own (V4L2's poll blocks), so `run()` does not hold a cooperative thread. As a
/// `Service` it stops on graceful shutdown or cancellation: add it to the daemon's ServiceGroup as it is.
public final class CameraSupervisor: Service, Sendable {
    /// How often the capture loop wakes to check for cancellation and the watchdog.
    static let pollMilliseconds = 200

    private let makeSource: @Sendable () -> FrameSource
    private let settings: CameraSettings
    private let logger: Logger
    private let onState: @Sendable (CameraState) -> Void
    private let onFrame: @Sendable (Frame) -> Void
    private let shared = Mutex(Shared())

    private struct Shared {
        var newest: Frame?
        var state: CameraState = .stopped
        var statistics = CaptureStatistics()
        var cancelled = false
        var restarts = 0
    }

    /// A supervisor. `onState` is called on every state change, `onFrame` with each new frame (on the capture
    /// thread: keep it short, or take frames with `newestFrame()` instead).
    public init(
        settings: CameraSettings, logger: Logger, makeSource: (@Sendable () -> FrameSource)? = nil,
        onState: @escaping @Sendable (CameraState) -> Void = { _ in },
        onFrame: @escaping @Sendable (Frame) -> Void = { _ in }
    ) {
        self.settings = settings
        self.logger = logger
        self.makeSource = makeSource ?? { settings.makeSource() }
        self.onState = onState
        self.onFrame = onFrame
    }

    /// The newest frame captured so far, if any.
    public func newestFrame() -> Frame? { shared.withLock { $0.newest } }

    /// The current state.
    public var state: CameraState { shared.withLock { $0.state } }

    /// The source's counters (delivered, dropped, late, corrupt) as of the last frame.
    public var statistics: CaptureStatistics { shared.withLock { $0.statistics } }

    /// How many times capture was reopened after a fault.
    public var restarts: Int { shared.withLock { $0.restarts } }

    /// Runs until the task is cancelled or a graceful shutdown begins (a finished replay keeps waiting for those).
    public func run() async {
        shared.withLock { $0.cancelled = false }
        await withGracefulShutdownHandler {
            await captureOnItsThread()
        } onGracefulShutdown: {
            self.shared.withLock { $0.cancelled = true }
        }
    }

    private func captureOnItsThread() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let thread = Thread { [self] in
                    captureLoop()
                    continuation.resume()
                }
                thread.name = "closetd-camera"
                thread.start()
            }
        } onCancel: {
            shared.withLock { $0.cancelled = true }
        }
    }

    private var cancelled: Bool { shared.withLock { $0.cancelled } }

    private func report(_ state: CameraState) {
        let changed = shared.withLock { shared -> Bool in
            defer { shared.state = state }
            return shared.state != state
        }
        if changed { onState(state) }
    }

    /// Sleeps up to `seconds`, waking early on cancellation.
    private func pause(_ seconds: Double) {
        var left = seconds
        while left > 0, !cancelled {
            let step = min(left, Double(Self.pollMilliseconds) / 1000)
            usleep(UInt32(step * 1e6))
            left -= step
        }
    }

    private func captureLoop() {
        let source = makeSource()
        var backoff = settings.initialBackoffSeconds
        var outage: CameraError.Code?  // the fault being waited out, logged once
        defer {
            source.close()
            report(.stopped)
        }
        while !cancelled {
            report(.opening(source: source.name))
            do {
                try source.open()
                if let code = outage {
                    logger.notice("camera: \(source.name) is back after \(code.rawValue)")
                }
                var lastFrame = ReplayClock.now()
                var announced = false
                while !cancelled {
                    if let frame = try source.newestFrame(timeoutMilliseconds: Self.pollMilliseconds) {
                        lastFrame = ReplayClock.now()
                        let statistics = source.statistics
                        shared.withLock {
                            $0.newest = frame
                            $0.statistics = statistics
                        }
                        if !announced {
                            announced = true
                            outage = nil
                            backoff = settings.initialBackoffSeconds
                            report(.streaming(source: source.name, format: "\(frame.format.rawValue) \(frame.width)x\(frame.height)"))
                        }
                        onFrame(frame)
                    } else if ReplayClock.now() - lastFrame > settings.noFrameTimeoutSeconds {
                        throw CameraError(
                            .noSignal, "\(source.name): no frame for \(settings.noFrameTimeoutSeconds.formatted2) s")
                    }
                }
            } catch let error as CameraError where error.code == .endOfStream {
                report(.replayFinished(source: source.name))
                logger.info("camera: \(error.message)")
                while !cancelled { pause(1) }
                return
            } catch {
                let cameraError = error as? CameraError ?? CameraError(.systemCall, "\(source.name): \(error)")
                source.close()
                shared.withLock {
                    $0.restarts += 1
                    $0.statistics = source.statistics
                }
                if outage != cameraError.code {
                    // Once per kind of outage; the retries that follow stay quiet.
                    logger.warning("camera: \(cameraError); retrying with backoff up to \(settings.maximumBackoffSeconds.formatted2) s")
                    outage = cameraError.code
                }
                report(.waiting(reason: cameraError, retryInSeconds: backoff))
                pause(backoff)
                backoff = min(backoff * 2, settings.maximumBackoffSeconds)
            }
        }
    }
}
