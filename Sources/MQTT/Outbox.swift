import Foundation

/// One event waiting in the outbox.
public struct OutboxEvent: Sendable, Equatable {
    /// Strictly increasing across restarts; the delivery order.
    public var sequence: UInt64
    /// Unique event id, also inside the payload, so a consumer can drop a redelivery.
    public var id: String
    public var topic: String
    public var payload: [UInt8]
}

/// Events that must reach the broker, kept on disk until the broker acknowledged them.
///
/// `events.jsonl` holds one JSON object per event, appended and fsynced before `append` returns; `acked` holds the
/// sequence number of the last acknowledged event, replaced atomically. Pending = events after `acked`, in order.
/// A torn or corrupt line is moved to `events.corrupt` with a warning; every good line still loads.
/// Not thread-safe: its owner serialises access.
public final class Outbox {
    public let folder: String
    private var events: [OutboxEvent] = []
    private var acknowledged: UInt64 = 0
    private var nextSequence: UInt64 = 1
    /// What loading found wrong, for the owner to log.
    public private(set) var loadWarnings: [String] = []

    private var eventsPath: String { folder + "/events.jsonl" }
    private var ackedPath: String { folder + "/acked" }
    private var corruptPath: String { folder + "/events.corrupt" }

    /// Opens (creating if needed) the outbox in `folder`.
    public init(folder: String) throws {
        self.folder = folder
        try DurableFile.makeFolder(folder)
        if let bytes = try DurableFile.read(ackedPath),
            let value = UInt64(String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        {
            acknowledged = value
        }
        try load()
        nextSequence = max(acknowledged, events.last?.sequence ?? 0) + 1
    }

    /// Events not yet acknowledged, oldest first.
    public var pending: [OutboxEvent] { events.filter { $0.sequence > acknowledged } }

    /// Stores an event durably; the payload is a JSON object, to which the event id is added as `"id"`.
    public func append(topic: String, jsonObject: [String: any Sendable]) throws -> OutboxEvent {
        let sequence = nextSequence
        let id = String(format: "%@-%llu-%08x", "ev", sequence, UInt32.random(in: 0...UInt32.max))
        var object: [String: Any] = jsonObject
        object["id"] = id
        let payload = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        let event = OutboxEvent(sequence: sequence, id: id, topic: topic, payload: [UInt8](payload))
        try DurableFile.append(try Self.encodeLine(event), to: eventsPath)
        events.append(event)
        nextSequence = sequence + 1
        return event
    }

    /// Marks every event up to `sequence` delivered. When nothing is pending the events file starts afresh.
    public func acknowledge(through sequence: UInt64) throws(SystemCallError) {
        guard sequence > acknowledged else { return }
        try DurableFile.replace(ackedPath, with: Array("\(sequence)\n".utf8))
        acknowledged = sequence
        events.removeAll { $0.sequence <= sequence }
        if events.isEmpty {
            try DurableFile.replace(eventsPath, with: [])
        }
    }

    private func load() throws {
        guard let bytes = try DurableFile.read(eventsPath), !bytes.isEmpty else { return }
        var corrupt: [ArraySlice<UInt8>] = []
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where !line.isEmpty {
            let isLast = index == lines.count - 1  // no newline after it: the append was torn
            if !isLast, let event = Self.decode(line), event.sequence > (events.last?.sequence ?? 0) {
                events.append(event)
            } else {
                corrupt.append(line)
                loadWarnings.append(
                    isLast
                        ? "outbox: the last event record is incomplete (torn write); moved to events.corrupt"
                        : "outbox: event record on line \(index + 1) is unreadable; moved to events.corrupt")
            }
        }
        if !corrupt.isEmpty {
            var moved: [UInt8] = []
            for line in corrupt { moved += line + [UInt8(ascii: "\n")] }
            try DurableFile.append(moved, to: corruptPath)
            var kept: [UInt8] = []
            for event in events { kept += try Self.encodeLine(event) }
            try DurableFile.replace(eventsPath, with: kept)
        }
        events.removeAll { $0.sequence <= acknowledged }
    }

    private static func decode(_ line: ArraySlice<UInt8>) -> OutboxEvent? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
            let sequence = (object["seq"] as? NSNumber)?.uint64Value, let id = object["id"] as? String,
            let topic = object["topic"] as? String, let payload = object["payload"] as? String
        else { return nil }
        return OutboxEvent(sequence: sequence, id: id, topic: topic, payload: Array(payload.utf8))
    }

    private static func encodeLine(_ event: OutboxEvent) throws -> [UInt8] {
        let line: [String: Any] = [
            "seq": event.sequence, "id": event.id, "topic": event.topic,
            "payload": String(decoding: event.payload, as: UTF8.self),
        ]
        let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
        return [UInt8](data) + [UInt8(ascii: "\n")]
    }
}
