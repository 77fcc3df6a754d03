import Dispatch
import Synchronization

/// Connects, publishes a few messages at QoS 1, waits for the broker's acknowledgements and disconnects:
/// for CLI commands such as `closetd recommend` that publish once.
public enum OneShotPublisher {
    /// One message to publish.
    public struct Message: Sendable {
        public var topic: String
        public var payload: [UInt8]
        public var retain: Bool
        public init(topic: String, payload: [UInt8], retain: Bool) {
            self.topic = topic
            self.payload = payload
            self.retain = retain
        }
    }

    /// Publishes `messages`; nil on success, else why it failed.
    public static func publish(_ messages: [Message], settings: MQTTSettings, timeoutSeconds: Double = 5) -> String? {
        let delegate = Delegate()
        do {
            let client = try MQTTClient(settings: settings, will: nil, delegate: delegate)
            try client.start()
            defer { client.stop() }
            guard delegate.connected.wait(timeout: .now() + timeoutSeconds) == .success else {
                return "no answer from the broker within \(Int(timeoutSeconds)) s"
            }
            if let problem = delegate.problem.withLock({ $0 }) { return problem }
            var pending: Set<Int32> = []
            for message in messages {
                pending.insert(try client.publish(topic: message.topic, payload: message.payload, qos: 1, retain: message.retain))
            }
            let deadline = DispatchTime.now() + timeoutSeconds
            while !pending.isEmpty {
                guard delegate.acknowledged.wait(timeout: deadline) == .success else {
                    return "the broker did not acknowledge \(pending.count) message(s) in time"
                }
                pending.subtract(delegate.takeAcknowledged())
            }
            return nil
        } catch {
            return "\(error)"
        }
    }

    private final class Delegate: MQTTClientDelegate {
        let connected = DispatchSemaphore(value: 0)
        let acknowledged = DispatchSemaphore(value: 0)
        let problem = Mutex<String?>(nil)
        private let acks = Mutex<Set<Int32>>([])

        func takeAcknowledged() -> Set<Int32> {
            acks.withLock { acks in
                defer { acks = [] }
                return acks
            }
        }

        func mqttDidConnect(code: Int32, reason: String) {
            if code != 0 { problem.withLock { $0 = "refused: \(reason)" } }
            connected.signal()
        }
        func mqttDidDisconnect(code: Int32, reason: String, expected: Bool) {
            guard !expected else { return }
            problem.withLock { $0 = $0 ?? "cannot connect: \(reason)" }
            connected.signal()
        }
        func mqttDidPublish(messageID: Int32) {
            _ = acks.withLock { $0.insert(messageID) }
            acknowledged.signal()
        }
        func mqttDidReceive(topic: String, payload: [UInt8], retained: Bool) {}
    }
}
