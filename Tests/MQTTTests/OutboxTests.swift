import Foundation
import Testing
import TestSupport

@testable import MQTT

@Suite struct OutboxTests {
    @Test func eventsSurviveReopenUntilAcknowledged() throws {
        let folder = TestFolder("outbox")
        let outbox = try Outbox(folder: folder.path)
        let first = try outbox.append(topic: "t/a", jsonObject: ["n": 1])
        let second = try outbox.append(topic: "t/b", jsonObject: ["n": 2])
        #expect(first.sequence + 1 == second.sequence && first.id != second.id)
        let payload = try JSONSerialization.jsonObject(with: Data(first.payload)) as? [String: Any]
        #expect(payload?["id"] as? String == first.id && (payload?["n"] as? Int) == 1)

        try outbox.acknowledge(through: first.sequence)
        let reopened = try Outbox(folder: folder.path)
        #expect(reopened.pending == [second])
        let third = try reopened.append(topic: "t/c", jsonObject: [:])
        #expect(third.sequence == second.sequence + 1)
    }

    @Test func sequenceKeepsIncreasingAfterEverythingIsDelivered() throws {
        let folder = TestFolder("outbox")
        let outbox = try Outbox(folder: folder.path)
        let event = try outbox.append(topic: "t", jsonObject: [:])
        try outbox.acknowledge(through: event.sequence)
        #expect(try String(contentsOfFile: folder.file("events.jsonl"), encoding: .utf8).isEmpty)
        let next = try Outbox(folder: folder.path).append(topic: "t", jsonObject: [:])
        #expect(next.sequence == event.sequence + 1)
    }

    @Test func tornLastRecordIsMovedAsideAndTheRestLoads() throws {
        let folder = TestFolder("outbox")
        let outbox = try Outbox(folder: folder.path)
        let kept = try outbox.append(topic: "t", jsonObject: ["n": 1])
        let handle = try #require(FileHandle(forWritingAtPath: folder.file("events.jsonl")))
        handle.seekToEndOfFile()
        handle.write(Data("{\"seq\":2,\"id\":\"ev-2\",\"to".utf8))  // a power cut mid-append
        handle.closeFile()

        let reopened = try Outbox(folder: folder.path)
        #expect(reopened.pending == [kept])
        #expect(reopened.loadWarnings.count == 1 && reopened.loadWarnings[0].contains("torn"))
        let corrupt = try String(contentsOfFile: folder.file("events.corrupt"), encoding: .utf8)
        #expect(corrupt.contains("\"seq\":2"))
        #expect(try Outbox(folder: folder.path).loadWarnings.isEmpty, "the torn record is reported once")
    }

    @Test func corruptMiddleRecordIsReportedNotSilentlyDropped() throws {
        let folder = TestFolder("outbox")
        let outbox = try Outbox(folder: folder.path)
        let first = try outbox.append(topic: "t", jsonObject: ["n": 1])
        _ = try outbox.append(topic: "t", jsonObject: ["n": 2])
        let third = try outbox.append(topic: "t", jsonObject: ["n": 3])
        var lines = try String(contentsOfFile: folder.file("events.jsonl"), encoding: .utf8).split(separator: "\n")
        lines[1] = "garbage \u{1}"
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder.file("events.jsonl"), atomically: true, encoding: .utf8)

        let reopened = try Outbox(folder: folder.path)
        #expect(reopened.pending == [first, third])
        #expect(reopened.loadWarnings.contains { $0.contains("line 2") })
        #expect(try String(contentsOfFile: folder.file("events.corrupt"), encoding: .utf8).contains("garbage"))
    }
}
