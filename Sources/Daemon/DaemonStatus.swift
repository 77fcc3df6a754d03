import Foundation
import Synchronization

/// What the daemon is doing, shared by its services: the retained `state` topic and the `stats` counters.
public final class DaemonStatus: Sendable {
    /// The retained `state` payload.
    public struct Snapshot: Codable, Equatable, Sendable {
        /// starting, idle, watching, analysing, reloading, stopping
        public var state: String
        /// The camera's condition in a few words (e.g. "streaming 640x480 YUYV", "waiting for /dev/video0").
        public var camera: String?
        /// Items in the closet, once the inventory is open.
        public var items: Int?
        /// The last outfit logged.
        public var lastOutfit: LastOutfit?
        public var version: String
        /// When the daemon started (ISO 8601).
        public var since: String

        enum CodingKeys: String, CodingKey {
            case state, camera, items, version, since
            case lastOutfit = "last_outfit"
        }
    }

    /// The last outfit the camera (or the user) logged.
    public struct LastOutfit: Codable, Equatable, Sendable {
        public var date: String
        public var itemIDs: [String]
        enum CodingKeys: String, CodingKey {
            case date
            case itemIDs = "items"
        }
        public init(date: String, itemIDs: [String]) {
            self.date = date
            self.itemIDs = itemIDs
        }
    }

    private struct Counters {
        var framesSeen = 0
        var framesAnalysed = 0
        var inferenceMillisecondsTotal = 0.0
    }

    private let snapshot: Mutex<Snapshot>
    private let counters = Mutex(Counters())
    private let changed: @Sendable (Snapshot) -> Void

    /// - Parameter changed: called with the new snapshot after every change (publishes the retained state).
    public init(version: String, changed: @escaping @Sendable (Snapshot) -> Void) {
        let since = ISO8601DateFormatter().string(from: Date())
        snapshot = Mutex(Snapshot(state: "starting", version: version, since: since))
        self.changed = changed
    }

    /// The current snapshot.
    public var current: Snapshot { snapshot.withLock { $0 } }

    /// Changes the snapshot; publishes when something changed.
    public func update(_ change: (inout Snapshot) -> Void) {
        let updated: Snapshot? = snapshot.withLock { value in
            var copy = value
            change(&copy)
            guard copy != value else { return nil }
            value = copy
            return copy
        }
        if let updated { changed(updated) }
    }

    /// Counts frames for the stats topic.
    public func countFrame(analysed: Bool, inferenceMilliseconds: Double = 0) {
        counters.withLock {
            $0.framesSeen += 1
            if analysed {
                $0.framesAnalysed += 1
                $0.inferenceMillisecondsTotal += inferenceMilliseconds
            }
        }
    }

    /// Takes the counters since the last call: (frames seen, frames analysed, mean inference ms or nil).
    public func takeCounters() -> (seen: Int, analysed: Int, meanInferenceMilliseconds: Double?) {
        counters.withLock { counters in
            defer { counters = Counters() }
            let mean = counters.framesAnalysed > 0
                ? counters.inferenceMillisecondsTotal / Double(counters.framesAnalysed) : nil
            return (counters.framesSeen, counters.framesAnalysed, mean)
        }
    }
}
