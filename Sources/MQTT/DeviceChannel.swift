import Dispatch
import Foundation
import Logging

/// closetd's MQTT channel: retained state, events and commands under `closetd/<device_id>/`.
///
/// - Retained state (`setRetained`): the latest payload per topic, published now if connected and again on every
///   reconnect.
/// - Events (`emit`): QoS 1 through the on-disk `Outbox`, one in flight at a time, so they arrive in order and each
///   event id is published once per delivery attempt; events produced while the broker is away or before a restart
///   are delivered after reconnect.
/// - Commands (`onCommand`): a handler per subscribed topic.
/// Availability is `online` (retained) on every connect and `offline` as last will and on a clean stop. Home
/// Assistant's discovery config is retained and republished when `homeassistant/status` says `online`.
///
/// All mutable state lives on one serial queue; libmosquitto's callbacks hop onto it.
public final class DeviceChannel: MQTTClientDelegate, @unchecked Sendable {
    /// The connection as the daemon reports it.
    public enum Status: Sendable, Equatable {
        case connecting
        case connected
        case refused(String)
        case disconnected(String)
    }

    public let topics: Topics
    private let queue = DispatchQueue(label: "closetd.mqtt")
    private let logger: Logger
    private let settings: MQTTSettings
    private var client: MQTTClient!
    private let outbox: Outbox
    private let discoveryPayload: [UInt8]?
    private let resendAfterSeconds: Double

    // Owned by `queue`.
    private var status = Status.connecting
    private var retained: [(topic: String, payload: [UInt8])] = []
    private var commands: [String: @Sendable ([UInt8]) -> Void] = [:]
    private var inFlight: (sequence: UInt64, messageID: Int32)?
    private var goodbyeMessageID: Int32?
    private let goodbyeAcknowledged = DispatchSemaphore(value: 0)
    private var lastProblem: String?
    private var connectCount = 0

    /// - Parameters:
    ///   - outboxFolder: where undelivered events are kept (in the state folder).
    ///   - discoveryPayload: Home Assistant's device discovery config, or nil when discovery is off.
    public init(
        settings: MQTTSettings, topics: Topics, outboxFolder: String, discoveryPayload: [UInt8]?, logger: Logger,
        resendAfterSeconds: Double = 10
    ) throws {
        self.settings = settings
        self.topics = topics
        self.logger = logger
        self.discoveryPayload = discoveryPayload
        self.resendAfterSeconds = resendAfterSeconds
        self.outbox = try Outbox(folder: outboxFolder)
        for warning in outbox.loadWarnings { logger.warning("\(warning)") }
        let will = MQTTWill(topic: topics.availability, payload: Array("offline".utf8), retain: true)
        self.client = try MQTTClient(settings: settings, will: will, delegate: self)
        if let discoveryPayload { retained.append((topics.discoveryConfig, discoveryPayload)) }
        if discoveryPayload != nil {
            commands[topics.homeAssistantStatus] = { [weak self] payload in
                guard String(decoding: payload, as: UTF8.self) == "online", let self else { return }
                self.queue.async { self.republishDiscovery() }
            }
        }
    }

    /// Starts connecting; the broker being away is not an error (it is retried with backoff).
    public func start() throws {
        logger.info("MQTT: connecting to \(settings.host):\(settings.port) as \(settings.clientID)\(settings.caFile != nil ? " over TLS" : "")")
        try client.start()
    }

    /// Says goodbye: retained `offline`, waits for the broker's acknowledgement (bounded), then disconnects.
    public func stop(timeoutSeconds: Double = 2) {
        let waiting: Bool = queue.sync {
            guard status == .connected,
                let id = try? client.publish(topic: topics.availability, payload: Array("offline".utf8), qos: 1, retain: true)
            else { return false }
            goodbyeMessageID = id
            return true
        }
        if waiting, goodbyeAcknowledged.wait(timeout: .now() + timeoutSeconds) == .timedOut {
            logger.warning("MQTT: the broker did not acknowledge 'offline' in time; disconnecting anyway")
        }
        client.stop()
        queue.sync { status = .disconnected("stopped") }
    }

    /// The connection status now.
    public var currentStatus: Status { queue.sync { status } }

    /// Number of events waiting for the broker.
    public var pendingEventCount: Int { queue.sync { outbox.pending.count } }

    /// Sets the retained payload of `topic`: published now when connected, and on every reconnect.
    public func setRetained(_ topic: String, payload: [UInt8]) {
        queue.async {
            if let index = self.retained.firstIndex(where: { $0.topic == topic }) {
                self.retained[index].payload = payload
            } else {
                self.retained.append((topic, payload))
            }
            if self.status == .connected { self.publishQuietly(topic, payload, qos: 1, retain: true) }
        }
    }

    /// Publishes a transient message (QoS 0, not retained); dropped while disconnected.
    public func publishTransient(_ topic: String, payload: [UInt8]) {
        queue.async {
            if self.status == .connected { self.publishQuietly(topic, payload, qos: 0, retain: false) }
        }
    }

    /// Stores an event durably (fsync) and queues it for delivery; returns it with its id.
    /// Throws when the outbox cannot be written (the event is then not accepted).
    @discardableResult
    public func emit(_ topic: String, fields: [String: any Sendable]) throws -> OutboxEvent {
        try queue.sync {
            let event = try outbox.append(topic: topic, jsonObject: fields)
            pump()
            return event
        }
    }

    /// Calls `handler` with the payload of every message on `topic` (subscribed on each connect).
    public func onCommand(_ topic: String, handler: @escaping @Sendable ([UInt8]) -> Void) {
        queue.async {
            self.commands[topic] = handler
            if self.status == .connected { self.subscribeQuietly(topic) }
        }
    }

    // MARK: MQTTClientDelegate (libmosquitto's thread)

    public func mqttDidConnect(code: Int32, reason: String) {
        queue.async { self.didConnect(code: code, reason: reason) }
    }

    public func mqttDidDisconnect(code: Int32, reason: String, expected: Bool) {
        queue.async {
            guard !expected else { return }
            let wasConnected = self.status == .connected
            if case .refused = self.status {} else {
                self.status = .disconnected(reason)
            }
            if wasConnected {
                self.report("MQTT: lost the connection to \(self.settings.host):\(self.settings.port); reconnecting with backoff up to \(self.settings.reconnectDelayMaxSeconds) s")
            } else if case .disconnected = self.status {
                self.report("MQTT: cannot reach \(self.settings.host):\(self.settings.port) (\(reason)); retrying with backoff up to \(self.settings.reconnectDelayMaxSeconds) s")
            }
        }
    }

    public func mqttDidPublish(messageID: Int32) {
        queue.async {
            if messageID == self.goodbyeMessageID {
                self.goodbyeAcknowledged.signal()
            }
            guard let inFlight = self.inFlight, inFlight.messageID == messageID else { return }
            do {
                try self.outbox.acknowledge(through: inFlight.sequence)
            } catch {
                // The event reached the broker; it may be sent again after a restart (consumers see its id twice).
                self.logger.error("MQTT outbox: cannot record delivery of event \(inFlight.sequence): \(error)")
            }
            self.inFlight = nil
            self.pump()
        }
    }

    public func mqttDidReceive(topic: String, payload: [UInt8], retained: Bool) {
        queue.async {
            guard let handler = self.commands[topic] else { return }
            handler(payload)
        }
    }

    // MARK: On the queue

    private func didConnect(code: Int32, reason: String) {
        guard code == 0 else {
            status = .refused(reason)
            let hint = (code == 4 || code == 5) ? " — check mqtt.username and the password" : ""
            report("MQTT: the broker refused the connection: \(reason)\(hint); retrying with backoff")
            return
        }
        status = .connected
        connectCount += 1
        lastProblem = nil
        logger.info("MQTT: connected to \(settings.host):\(settings.port)")
        publishQuietly(topics.availability, Array("online".utf8), qos: 1, retain: true)
        for (topic, payload) in retained { publishQuietly(topic, payload, qos: 1, retain: true) }
        for topic in commands.keys.sorted() { subscribeQuietly(topic) }
        if let inFlight {
            // libmosquitto resends its unacknowledged QoS 1 message after a reconnect. Should no acknowledgement come,
            // send it again ourselves: at least once beats lost.
            let connection = connectCount
            queue.asyncAfter(deadline: .now() + resendAfterSeconds) {
                guard self.connectCount == connection, self.status == .connected,
                    let current = self.inFlight, current.sequence == inFlight.sequence
                else { return }
                self.logger.warning("MQTT: event \(current.sequence) not acknowledged after reconnect; sending it again")
                self.inFlight = nil
                self.pump()
            }
        } else {
            pump()
        }
    }

    /// Sends the oldest pending event if none is in flight.
    private func pump() {
        guard status == .connected, inFlight == nil, let next = outbox.pending.first else { return }
        do {
            let id = try client.publish(topic: next.topic, payload: next.payload, qos: 1, retain: false)
            inFlight = (next.sequence, id)
        } catch {
            logger.debug("MQTT: event \(next.sequence) waits for the connection: \(error)")
        }
    }

    private func republishDiscovery() {
        guard status == .connected, let discoveryPayload else { return }
        logger.info("MQTT: Home Assistant came online; republishing discovery")
        publishQuietly(topics.discoveryConfig, discoveryPayload, qos: 1, retain: true)
    }

    private func publishQuietly(_ topic: String, _ payload: [UInt8], qos: Int32, retain: Bool) {
        do {
            try client.publish(topic: topic, payload: payload, qos: qos, retain: retain)
        } catch {
            logger.debug("MQTT: publish to \(topic) deferred: \(error)")
        }
    }

    private func subscribeQuietly(_ topic: String) {
        do {
            try client.subscribe(topic, qos: 1)
        } catch {
            logger.warning("MQTT: cannot subscribe to \(topic): \(error)")
        }
    }

    /// Logs a connection problem once while it lasts, not on every retry.
    private func report(_ problem: String) {
        guard problem != lastProblem else { return }
        lastProblem = problem
        logger.error("\(problem)")
    }
}
