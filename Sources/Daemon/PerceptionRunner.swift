import Camera
import Foundation
import Inventory
import InventoryStore
import Logging
import MQTT
import Perception

/// The perception service's per-frame work, shared by the daemon's work loop and `run --replay`: frames the motion
/// gate lets through (every frame while a mirror session is open) go through the pipeline; a finished session is
/// recorded in the inventory, announced as a `closetd/<id>/outfit/worn` event (`event_type: worn`), and the
/// Home Assistant sensors on the state topic are refreshed.
///
/// Used from one task at a time (the work loop's), hence `@unchecked Sendable`.
final class PerceptionRunner: @unchecked Sendable {
    /// How frame times become wear dates: from the frames (a replay's file-name times, read as local time) or from
    /// the wall clock (a live camera's times are monotonic).
    enum TimeBase {
        case frameTimes
        case wallClock
    }

    let pipeline: PerceptionPipeline
    private var tracker: MirrorSessionTracker
    private let recorder: OutfitRecorder
    private let store: InventoryStore
    private let channel: DeviceChannel?
    private let status: DaemonStatus?
    private let timeBase: TimeBase
    private let logger: Logger
    private var sessionStart: Timestamp?
    /// Sessions recorded and what they did.
    private(set) var outcomes: [OutfitRecorder.Outcome] = []
    /// Frames that could not be decoded.
    private(set) var unreadableFrames = 0

    init(
        models: PerceptionModels, settings: PerceptionSettings, store: InventoryStore, channel: DeviceChannel?,
        status: DaemonStatus?, timeBase: TimeBase, logger: Logger
    ) {
        pipeline = PerceptionPipeline(models: models, settings: settings)
        tracker = MirrorSessionTracker(settings: settings.session)
        EmbeddingRefresh.run(store: store, models: models, logger: logger)
        recorder = OutfitRecorder(store: store, settings: settings, source: .camera, embeddingSpace: models.embeddingSpace)
        self.store = store
        self.channel = channel
        self.status = status
        self.timeBase = timeBase
        self.logger = logger
    }

    /// Whether the next frame should be analysed even without motion (a session is open).
    var wantsEveryFrame: Bool { tracker.isSessionOpen }

    /// Takes one frame the gate passed (`analyse` false: only time moves on). Returns the analysis milliseconds.
    @discardableResult
    func process(_ frame: Frame, analyse: Bool) -> Double? {
        guard analyse || tracker.isSessionOpen else {
            if let closed = tracker.tick(nowSeconds: frame.timestampSeconds) { finishSession(closed) }
            return nil
        }
        let clock = ContinuousClock()
        let start = clock.now
        let image: Image
        do {
            image = try pipeline.image(of: frame)
        } catch {
            unreadableFrames += 1
            return nil
        }
        let analysis = pipeline.analyse(image, timestampSeconds: frame.timestampSeconds)
        if analysis.verdict.personPresent {
            logger.trace("perception: frame \(String(format: "%.3f", frame.timestampSeconds)): \(analysis.summary)")
        }
        if analysis.verdict.personPresent, !tracker.isSessionOpen { sessionStart = now(frame) }
        if let closed = tracker.add(analysis) {
            finishSession(closed)
            if analysis.verdict.personPresent { sessionStart = now(frame) }
        }
        let elapsed = start.duration(to: clock.now)
        return Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
    }

    /// Ends the open session (end of a replay, shutdown).
    func finish() {
        if let closed = tracker.finish() { finishSession(closed) }
    }

    private func now(_ frame: Frame) -> Timestamp {
        switch timeBase {
        case .frameTimes: Timestamp(secondsSince1970: Int64(frame.timestampSeconds.rounded(.down)))
        case .wallClock: LocalClock.now()
        }
    }

    private func finishSession(_ session: MirrorSession) {
        let time: Timestamp
        switch timeBase {
        case .frameTimes: time = Timestamp(secondsSince1970: Int64(session.startSeconds.rounded(.down)))
        case .wallClock: time = sessionStart ?? LocalClock.now()
        }
        // Replay names carry local time already (read as UTC); the live clock needs the local calendar.
        let date = timeBase == .frameTimes ? time.utcDate : LocalClock.localDate(of: time)
        sessionStart = nil
        let outcome: OutfitRecorder.Outcome
        do {
            outcome = try recorder.record(session, date: date, time: time)
        } catch {
            logger.error("perception: cannot record the session of \(date): \(error)")
            return
        }
        outcomes.append(outcome)
        for line in outcome.decisions { logger.debug("perception: \(date) \(line)") }
        if let reason = outcome.skipped {
            logger.info("perception: session \(time) (\(session.frames) frames) not recorded: \(reason)")
            return
        }
        let folded =
            outcome.folded.isEmpty
            ? "" : "; \(outcome.folded.map(\.description).joined(separator: " ")) folded into its one-piece"
        logger.info(
            "perception: \(date) outfit \(outcome.items.map(\.description).joined(separator: " ")) (\(outcome.created.count) new)\(folded)")
        if let status { InventorySummary.publish(store.state, to: status) }
        if let channel, outcome.wearLogged {
            do {
                var fields: [String: any Sendable] = [
                    "event_type": "worn", "date": date.description, "items": outcome.items.map(\.description),
                    "new_items": outcome.created.map(\.description), "source": "camera",
                ]
                if !outcome.folded.isEmpty { fields["folded_items"] = outcome.folded.map(\.description) }
                try channel.emit(channel.topics.outfitWorn, fields: fields)
            } catch {
                logger.error("perception: cannot queue the worn event: \(error)")
            }
        }
    }
}
