import Camera
import Engine
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Inventory
import InventoryStore
import Logging
import MQTT
import Perception

extension ClosetDaemon {
    /// What `run --replay` did.
    public struct ReplaySummary: Sendable {
        public var frames = 0
        public var unreadableFrames = 0
        public var sessions = 0
        public var sessionsRecorded = 0
        public var itemsCreated = 0
        public var wearEntries = 0
        public var timings = StageTimings()
        /// Peak resident memory of the process, when known.
        public var peakResidentBytes: Int?

        /// Human-readable lines (the last one carries the per-stage timings).
        public var lines: [String] {
            var result = [
                "replay: \(frames) frames (\(unreadableFrames) unreadable), \(sessions) sessions, \(sessionsRecorded) recorded, "
                    + "\(itemsCreated) items created, \(wearEntries) wear entries"
            ]
            if let peakResidentBytes { result.append("peak_rss_mb=\(peakResidentBytes / 1_048_576)") }
            result.append("timings: " + timings.summary)
            return result
        }
    }

    /// The perception runner for the daemon, or nil (logged) when perception is off or the models are missing.
    static func loadPerception(
        config: Config, store: InventoryStore, channel: DeviceChannel?, status: DaemonStatus?, logger: Logger
    ) -> PerceptionRunner? {
        guard config.perception.enabled else {
            logger.info("perception: off (perception.enabled is false)")
            return nil
        }
        do {
            let models = try PerceptionModels(folder: config.modelsDirectory)
            return PerceptionRunner(
                models: models, settings: config.perception.settings, store: store, channel: channel, status: status,
                timeBase: .wallClock, logger: Logger(label: "closetd.perception"))
        } catch {
            logger.warning("perception: off: \(error)")
            return nil
        }
    }

    /// `closetd run --replay`: plays the folder source (camera.replay) to its end as fast as it can, with the
    /// timestamps in the file names as the clock, through the motion gate and the perception pipeline into the
    /// inventory; queues the worn events in the MQTT outbox (delivered when a broker is reachable); returns at the end.
    public static func replay(config: Config, version: String, logger: Logger) throws -> ReplaySummary {
        guard let folder = config.camera.replay else {
            throw StartError(description: "--replay needs camera.replay: a folder of timestamped JPEGs", exitStatus: 64)
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            throw StartError(description: "camera.replay \(folder) is not a folder (--replay plays a folder of JPEGs)", exitStatus: 66)
        }
        let store: InventoryStore
        do {
            store = try InventoryStore(stateDirectory: config.stateDirectory)
        } catch {
            throw StartError(description: "cannot open the inventory in \(config.stateDirectory): \(error)", exitStatus: 65)
        }
        let models: PerceptionModels
        do {
            models = try PerceptionModels(folder: config.modelsDirectory)
        } catch {
            throw StartError(description: "cannot load the perception models: \(error)", exitStatus: 69)
        }
        let topics = Topics(
            baseTopic: config.mqtt.baseTopic, deviceID: config.deviceID, discoveryPrefix: config.mqtt.discoveryPrefix)
        // Events go through the outbox; a broker that is away gets them later, from the daemon.
        let channel = try? DeviceChannel(
            settings: try mqttSettings(config), topics: topics, outboxFolder: config.stateDirectory + "/outbox",
            discoveryPayload: nil, logger: Logger(label: "closetd.mqtt"))
        // Delivered while the replay runs when a broker is reachable; whatever is left waits in the outbox.
        try? channel?.start()
        defer { channel?.stop(timeoutSeconds: 1) }
        let runner = PerceptionRunner(
            models: models, settings: config.perception.settings, store: store, channel: channel, status: nil,
            timeBase: .frameTimes, logger: logger)
        let source = FolderFrameSource(folder: folder, realTime: false)
        do {
            try source.open()
        } catch {
            throw StartError(description: "\(error)", exitStatus: 66)
        }
        var gate = FrameGate()
        var summary = ReplaySummary()
        while true {
            let frame: Frame?
            do {
                frame = try source.newestFrame(timeoutMilliseconds: 0)
            } catch {
                break  // the end of the folder
            }
            guard let frame else { continue }
            summary.frames += 1
            guard let decision = gate.evaluate(frame, logger: logger) else { continue }
            runner.process(frame, analyse: decision.motion)
        }
        runner.finish()
        source.close()
        summary.unreadableFrames = Int(source.statistics.corrupt) + gate.corruptFrames + runner.unreadableFrames
        summary.sessions = runner.outcomes.count
        summary.sessionsRecorded = runner.outcomes.filter { $0.skipped == nil }.count
        summary.itemsCreated = runner.outcomes.reduce(0) { $0 + $1.created.count }
        summary.wearEntries = runner.outcomes.filter(\.wearLogged).count
        summary.timings = runner.pipeline.timings
        summary.peakResidentBytes = ProcessMetrics.peakResidentBytes()
        return summary
    }
}
