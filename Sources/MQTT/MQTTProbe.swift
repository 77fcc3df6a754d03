import Dispatch
import Synchronization

/// One connection attempt to the broker, for `closetd doctor`: connects, reports, disconnects.
public enum MQTTProbe {
    /// nil when the broker accepted the connection within the timeout, else why not.
    public static func problem(settings: MQTTSettings, timeoutSeconds: Double = 5) -> String? {
        let delegate = ProbeDelegate()
        do {
            let client = try MQTTClient(settings: settings, will: nil, delegate: delegate)
            try client.start()
            let answered = delegate.answered.wait(timeout: .now() + timeoutSeconds) == .success
            client.stop()
            guard answered else { return "no answer within \(Int(timeoutSeconds)) s" }
            return delegate.outcome.withLock { $0 }
        } catch {
            return "\(error)"
        }
    }

    private final class ProbeDelegate: MQTTClientDelegate {
        let answered = DispatchSemaphore(value: 0)
        let outcome = Mutex<String?>(nil)

        func mqttDidConnect(code: Int32, reason: String) {
            outcome.withLock { $0 = code == 0 ? nil : "refused: \(reason)" }
            answered.signal()
        }
        func mqttDidDisconnect(code: Int32, reason: String, expected: Bool) {
            guard !expected else { return }
            outcome.withLock { $0 = $0 ?? "cannot connect: \(reason)" }
            answered.signal()
        }
        func mqttDidPublish(messageID: Int32) {}
        func mqttDidReceive(topic: String, payload: [UInt8], retained: Bool) {}
    }
}
