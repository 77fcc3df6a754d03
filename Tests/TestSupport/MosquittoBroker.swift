import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A real mosquitto broker on 127.0.0.1, on a free port, for one test. Stopped by its PID.
public final class MosquittoBroker: @unchecked Sendable {
    public let port: Int
    public let folder: TestFolder
    private let extraConfiguration: String
    private var child: ChildProcess?

    /// Whether mosquitto is installed (tests that need it are skipped, with the reason, when it is not).
    public static var isAvailable: Bool { which("mosquitto") != nil && which("mosquitto_sub") != nil }

    /// - Parameter listenerConfiguration: lines appended after `listener <port> 127.0.0.1` (TLS, auth).
    public init(listenerConfiguration: String = "allow_anonymous true", persistent: Bool = false) throws {
        port = freeLoopbackPort()
        folder = TestFolder("broker")
        var text = "listener \(port) 127.0.0.1\n\(listenerConfiguration)\n"
        text += persistent ? "persistence true\npersistence_location \(folder.path)/\nautosave_interval 1\n" : "persistence false\n"
        // As root, mosquitto would switch to the `mosquitto` user, which cannot read the test's files.
        if getuid() == 0 { text += "user root\n" }
        text += "log_dest stderr\nlog_type error\nlog_type warning\nlog_type notice\n"
        extraConfiguration = text
        try start()
    }

    /// Starts (or restarts) the broker on the same port and waits until it accepts connections.
    public func start() throws {
        let configPath = folder.write("mosquitto.conf", extraConfiguration)
        let broker = try ChildProcess(which("mosquitto") ?? "mosquitto", ["-c", configPath], logFolder: folder.path)
        child = broker
        guard eventually(within: 5, { Self.accepts(port: port) }) else {
            throw BrokerError(message: "mosquitto did not start on port \(port): \(broker.standardError)")
        }
    }

    /// Stops the broker (SIGTERM, so a persistent broker saves its state) and waits for it.
    public func stop() {
        guard let child else { return }
        child.signal(SIGTERM)
        if child.wait(seconds: 5) == nil { child.kill9() }
        self.child = nil
    }

    public var log: String { child?.standardError ?? "" }

    deinit { stop() }

    struct BrokerError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    private static func accepts(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}

/// One message as `mosquitto_sub` printed it.
public struct ReceivedMessage: Equatable, Sendable {
    public var retained: Bool
    public var topic: String
    public var payload: String
    public init(retained: Bool, topic: String, payload: String) {
        self.retained = retained
        self.topic = topic
        self.payload = payload
    }
}

/// A real `mosquitto_sub` process recording what arrives on a topic filter.
public final class Subscriber: @unchecked Sendable {
    private let child: ChildProcess

    /// - Parameters:
    ///   - persistentID: a client id with a persistent session (`-c`), so QoS 1 messages wait while it is away.
    /// - Parameter hexPayload: payloads as hexadecimal text (for binary payloads such as JPEG).
    public init(
        broker: MosquittoBroker, topic: String, persistentID: String? = nil, hexPayload: Bool = false,
        extraArguments: [String] = []
    ) throws {
        var arguments = ["-h", "127.0.0.1", "-p", "\(broker.port)", "-t", topic, "-q", "1", "-F", hexPayload ? "%r %t %x" : "%r %t %p"]
        if let persistentID { arguments += ["-c", "-i", persistentID] }
        child = try ChildProcess(which("mosquitto_sub") ?? "mosquitto_sub", arguments + extraArguments, logFolder: broker.folder.path)
    }

    /// Everything received so far.
    public var messages: [ReceivedMessage] {
        child.standardOutput.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3 else { return nil }
            return ReceivedMessage(retained: parts[0] == "1", topic: String(parts[1]), payload: String(parts[2]))
        }
    }

    /// Waits until the subscription is in place: publishes `probe` on `topic` (a topic the filter matches) until it
    /// arrives. Without this, a message published right after start may reach the broker before the subscription.
    public func waitUntilSubscribed(broker: MosquittoBroker, topic: String, seconds: Double = 10) throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            try publish(broker: broker, topic: topic, payload: "probe")
            if eventually(within: 0.3, { messages.contains { $0.topic == topic && $0.payload == "probe" } }) { return true }
        }
        return false
    }

    /// Messages on exactly `topic`.
    public func messages(on topic: String) -> [ReceivedMessage] { messages.filter { $0.topic == topic } }

    /// Waits until `condition` holds for the received messages.
    @discardableResult
    public func waitFor(seconds: Double = 10, _ condition: ([ReceivedMessage]) -> Bool) -> Bool {
        eventually(within: seconds) { condition(messages) }
    }

    public func stop() { child.kill9() }
}

/// Publishes one message with `mosquitto_pub`.
public func publish(broker: MosquittoBroker, topic: String, payload: String, retain: Bool = false) throws {
    var arguments = ["-h", "127.0.0.1", "-p", "\(broker.port)", "-t", topic, "-m", payload, "-q", "1"]
    if retain { arguments.append("-r") }
    let child = try ChildProcess(which("mosquitto_pub") ?? "mosquitto_pub", arguments, logFolder: broker.folder.path)
    _ = child.wait(seconds: 5)
}
