import Foundation
import Logging
import Synchronization
import Testing
import TestSupport

@testable import MQTT

/// The device channel against a real mosquitto broker on 127.0.0.1.
@Suite(.enabled(if: MosquittoBroker.isAvailable, "mosquitto and mosquitto_sub are not installed"))
struct DeviceChannelTests {
    let topics = Topics(baseTopic: "closetd", deviceID: "t", discoveryPrefix: "homeassistant")

    func makeChannel(
        port: Int, outbox: String, password: String? = nil, username: String? = nil, caFile: String? = nil,
        discovery: Bool = false
    ) throws -> DeviceChannel {
        var settings = MQTTSettings(
            host: "127.0.0.1", port: port, clientID: "closetd-test-\(UUID().uuidString.prefix(6))", username: username,
            password: password, keepaliveSeconds: 10, caFile: caFile)
        settings.reconnectDelayMaxSeconds = 1
        return try DeviceChannel(
            settings: settings, topics: topics, outboxFolder: outbox,
            discoveryPayload: discovery ? HomeAssistantDiscovery.payload(topics: topics, softwareVersion: "test") : nil,
            logger: Logger(label: "test"), resendAfterSeconds: 3)
    }

    func eventIDs(_ messages: [ReceivedMessage]) -> [String] {
        messages.compactMap { message in
            (try? JSONSerialization.jsonObject(with: Data(message.payload.utf8)) as? [String: Any])?["id"] as? String
        }
    }

    @Test func publishSubscribeRoundTrip() throws {
        let broker = try MosquittoBroker()
        let state = TestFolder("channel")
        let subscriber = try Subscriber(broker: broker, topic: "closetd/t/#")
        #expect(try subscriber.waitUntilSubscribed(broker: broker, topic: "closetd/t/probe"))
        let channel = try makeChannel(port: broker.port, outbox: state.path + "/outbox")
        let received = Mutex<[String]>([])
        channel.onCommand(topics.feedbackSet) { payload in
            received.withLock { $0.append(String(decoding: payload, as: UTF8.self)) }
        }
        channel.setRetained(topics.state, payload: Array("{\"state\":\"idle\"}".utf8))
        try channel.start()
        #expect(eventually(within: 5) { channel.currentStatus == .connected })

        let event = try channel.emit(topics.outfitWorn, fields: ["event_type": "worn", "items": ["i-1"]])
        #expect(subscriber.waitFor { eventIDs($0.filter { $0.topic == topics.outfitWorn }) == [event.id] })
        #expect(subscriber.messages(on: topics.state).last?.payload == "{\"state\":\"idle\"}")
        #expect(subscriber.messages(on: topics.availability).last?.payload == "online")

        try publish(broker: broker, topic: topics.feedbackSet, payload: "{\"action\":\"next\"}")
        #expect(eventually(within: 5) { received.withLock { $0 } == ["{\"action\":\"next\"}"] })

        channel.stop()
        #expect(subscriber.waitFor { $0.last { $0.topic == topics.availability }?.payload == "offline" })
        #expect(channel.pendingEventCount == 0)
    }

    @Test func eventsProducedWhileTheBrokerIsDownArriveInOrderOnce() throws {
        let broker = try MosquittoBroker(persistent: true)
        let state = TestFolder("channel")
        // A persistent session on a persistent broker: QoS 1 messages wait for the subscriber across the restart.
        let subscriber = try Subscriber(broker: broker, topic: topics.outfitWorn, persistentID: "recorder-\(broker.port)")
        #expect(try subscriber.waitUntilSubscribed(broker: broker, topic: topics.outfitWorn))
        let channel = try makeChannel(port: broker.port, outbox: state.path + "/outbox")
        try channel.start()
        #expect(eventually(within: 5) { channel.currentStatus == .connected })

        var sent: [String] = []
        for n in 0..<3 { sent.append(try channel.emit(topics.outfitWorn, fields: ["n": n]).id) }
        #expect(subscriber.waitFor { eventIDs($0).count == 3 })

        broker.stop()
        #expect(eventually(within: 5) { channel.currentStatus != .connected })
        let downSince = Date()
        var n = 3
        while Date().timeIntervalSince(downSince) < 10 {  // the broker stays away for 10 s while events keep coming
            sent.append(try channel.emit(topics.outfitWorn, fields: ["n": n]).id)
            n += 1
            usleep(500_000)
        }
        #expect(channel.pendingEventCount >= 19)
        try broker.start()

        #expect(subscriber.waitFor(seconds: 20) { eventIDs($0).count >= sent.count })
        usleep(500_000)  // a late duplicate would show up here
        let ids = eventIDs(subscriber.messages)
        #expect(ids == sent, "order or duplicates: received \(ids.count), sent \(sent.count)")
        #expect(Set(ids).count == ids.count)
        #expect(eventually(within: 5) { channel.pendingEventCount == 0 })
        channel.stop()
    }

    @Test func eventsLeftUndeliveredAtStopAreDeliveredAfterRestart() throws {
        let port = freeLoopbackPort()  // nothing listens yet: the broker is away
        let state = TestFolder("channel")
        var sent: [String] = []
        do {
            let channel = try makeChannel(port: port, outbox: state.path + "/outbox")
            try channel.start()
            for n in 0..<5 { sent.append(try channel.emit(topics.outfitWorn, fields: ["n": n]).id) }
            #expect(channel.pendingEventCount == 5)
            channel.stop()
        }
        let broker = try MosquittoBroker(listenerConfiguration: "allow_anonymous true")
        let subscriber = try Subscriber(broker: broker, topic: topics.outfitWorn)
        #expect(try subscriber.waitUntilSubscribed(broker: broker, topic: topics.outfitWorn))
        // The daemon comes back: a new channel on the same state folder, on the broker's port.
        let channel = try makeChannel(port: broker.port, outbox: state.path + "/outbox")
        #expect(channel.pendingEventCount == 5)
        try channel.start()
        #expect(subscriber.waitFor { eventIDs($0) == sent })
        #expect(eventually(within: 5) { channel.pendingEventCount == 0 })
        channel.stop()
    }

    @Test func wrongPasswordIsRefusedClearlyAndRetried() throws {
        let broker = try MosquittoBroker(listenerConfiguration: try passwordListener())
        let state = TestFolder("channel")
        let wrong = try makeChannel(port: broker.port, outbox: state.path + "/a", password: "wrong", username: "mirror")
        try wrong.start()
        #expect(eventually(within: 5) {
            if case .refused(let reason) = wrong.currentStatus { return reason.lowercased().contains("not authori") }
            return false
        })
        usleep(2_500_000)  // it keeps retrying without crashing
        if case .refused = wrong.currentStatus {} else { Issue.record("status after retries: \(wrong.currentStatus)") }
        wrong.stop()

        let right = try makeChannel(port: broker.port, outbox: state.path + "/b", password: "s3cret", username: "mirror")
        try right.start()
        #expect(eventually(within: 5) { right.currentStatus == .connected })
        right.stop()
    }

    @Test(.enabled(if: which("openssl") != nil, "openssl is not installed"))
    func tlsWithATestCertificateAuthority() throws {
        let pki = try TestPKI()
        let broker = try MosquittoBroker(
            listenerConfiguration: "allow_anonymous true\ncafile \(pki.caCertificate)\ncertfile \(pki.serverCertificate)\nkeyfile \(pki.serverKey)")
        let state = TestFolder("channel")
        let subscriber = try Subscriber(broker: broker, topic: topics.availability, extraArguments: ["--cafile", pki.caCertificate])
        let channel = try makeChannel(port: broker.port, outbox: state.path + "/a", caFile: pki.caCertificate)
        try channel.start()
        #expect(eventually(within: 5) { channel.currentStatus == .connected })
        #expect(subscriber.waitFor { $0.last?.payload == "online" })
        channel.stop()

        // A CA that did not sign the broker's certificate: no connection, and no crash.
        let stranger = try TestPKI()
        let refused = try makeChannel(port: broker.port, outbox: state.path + "/b", caFile: stranger.caCertificate)
        try refused.start()
        usleep(1_500_000)
        #expect(refused.currentStatus != .connected)
        refused.stop()
    }

    private func passwordListener() throws -> String {
        let folder = TestFolder("passwd")
        let file = folder.file("passwd")
        let tool = try ChildProcess(which("mosquitto_passwd") ?? "mosquitto_passwd", ["-c", "-b", file, "mirror", "s3cret"], logFolder: folder.path)
        #expect(tool.wait(seconds: 5) == 0)
        let kept = TestFolder("passwd-kept")
        try FileManager.default.copyItem(atPath: file, toPath: kept.file("passwd"))
        keepAlive.withLock { $0.append(kept) }
        return "allow_anonymous false\npassword_file \(kept.file("passwd"))"
    }
}

/// Keeps temporary folders alive for the test process's duration.
private let keepAlive = Mutex<[TestFolder]>([])
