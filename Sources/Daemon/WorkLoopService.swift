import Camera
import Foundation
import InventoryStore
import Logging
import MQTT
import ServiceLifecycle

/// The daemon's main work loop: each turn takes the camera's newest frame through the motion gate, feeds the systemd
/// watchdog and publishes the stats when due.
///
/// The watchdog is fed from here, not from a timer of its own, so a hung loop stops the pings and systemd restarts
/// the service. The perception pipeline (pose, garments) runs here on frames the gate lets through, and on every
/// frame while a mirror session is open.
struct WorkLoopService: Service {
    let status: DaemonStatus
    let watchdog: Watchdog
    let channel: DeviceChannel
    /// Refreshed now and then, so changes made with the CLI show in the `state` topic.
    let store: InventoryStore
    /// Frames come from here (newest only: the loop never falls behind the camera).
    let camera: CameraSupervisor
    let statsIntervalSeconds: Int
    let logger: Logger
    var tick: Duration = .milliseconds(100)
    /// "motion" stays the state this long after the last moving frame.
    var motionHoldSeconds = 3.0
    /// The perception pipeline, when its models are installed.
    var perception: PerceptionRunner?

    func run() async throws {
        status.update { $0.state = "idle" }
        var lastStats = ContinuousClock.now
        var lastCPU = ProcessMetrics.cpuSeconds()
        var lastRefresh = ContinuousClock.now
        var gate = FrameGate()
        var lastMotion: ContinuousClock.Instant?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            watchdog.loopIsAlive()
            let now = ContinuousClock.now
            if let frame = camera.newestFrame(), let decision = gate.evaluate(frame, logger: logger) {
                let milliseconds = perception?.process(frame, analyse: decision.motion)
                status.countFrame(analysed: milliseconds != nil, inferenceMilliseconds: milliseconds ?? 0)
                if decision.motion { lastMotion = now }
            }
            let moving = lastMotion.map { now - $0 < .milliseconds(Int(motionHoldSeconds * 1000)) } ?? false
            status.update { $0.state = moving ? "motion" : "idle" }
            if now - lastRefresh >= .seconds(5) {
                lastRefresh = now
                do {
                    try store.refresh()
                    for warning in store.takeWarnings() { logger.warning("inventory: \(warning)") }
                    InventorySummary.publish(store.state, to: status)
                } catch {
                    logger.error("inventory: cannot refresh: \(error)")
                }
            }
            if now - lastStats >= .seconds(statsIntervalSeconds) {
                let cpu = ProcessMetrics.cpuSeconds()
                publishStats(elapsed: now - lastStats, cpuSeconds: cpu - lastCPU, gateCorruptFrames: gate.corruptFrames)
                lastStats = now
                lastCPU = cpu
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
        }
        perception?.finish()
        status.update { $0.state = "stopping" }
    }

    private func publishStats(elapsed: Duration, cpuSeconds: Double, gateCorruptFrames: Int) {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let counters = status.takeCounters()
        var fields: [String: Any] = [
            "frames_seen_per_s": rounded(Double(counters.seen) / seconds),
            "frames_analysed_per_s": rounded(Double(counters.analysed) / seconds),
            "cpu_percent": rounded(100 * cpuSeconds / seconds),
            "interval_s": rounded(seconds),
        ]
        fields["inference_ms"] = counters.meanInferenceMilliseconds.map(rounded) ?? NSNull()
        // The capture counters since the source was last (re)opened, and how often it was reopened.
        let capture = camera.statistics
        fields["camera_frames"] = capture.delivered
        fields["camera_dropped"] = capture.dropped
        fields["camera_late"] = capture.late
        fields["camera_corrupt"] = capture.corrupt + UInt64(gateCorruptFrames)
        fields["camera_restarts"] = camera.restarts
        fields["rss_mb"] = ProcessMetrics.residentBytes().map { rounded(Double($0) / 1_048_576) } ?? NSNull()
        guard let data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]) else { return }
        channel.publishTransient(channel.topics.stats, payload: [UInt8](data))
    }

    private func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }
}
