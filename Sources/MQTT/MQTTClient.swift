import CMosquitto
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What the client tells its owner. Called on libmosquitto's network thread: keep handlers short.
public protocol MQTTClientDelegate: AnyObject, Sendable {
    /// The broker answered a CONNECT: `code` 0 is success, anything else a refusal (`reason` says why).
    func mqttDidConnect(code: Int32, reason: String)
    /// The connection ended or could not be made; `expected` when we asked for it. libmosquitto reconnects by
    /// itself otherwise. `reason` is libmosquitto's (or the system's) text for `code`.
    func mqttDidDisconnect(code: Int32, reason: String, expected: Bool)
    /// The broker acknowledged a QoS 1 publish (or a QoS 0 one left the socket).
    func mqttDidPublish(messageID: Int32)
    /// A message arrived on a subscribed topic.
    func mqttDidReceive(topic: String, payload: [UInt8], retained: Bool)
}

/// A libmosquitto client with its own network thread that reconnects with capped exponential backoff.
///
/// A thin owner of one `struct mosquitto`: settings go in before `start()`, publish and subscribe are thread-safe.
/// `@unchecked`: the handle is only ever used through libmosquitto's thread-safe calls (publish, subscribe,
/// disconnect, loop start/stop); the rest of the state is behind a mutex.
public final class MQTTClient: @unchecked Sendable {
    private let handle: OpaquePointer
    private let settings: MQTTSettings
    private let state = Mutex(State())

    private struct State {
        var started = false
        var stopping = false
        weak var delegate: (any MQTTClientDelegate)?
    }

    /// Creates a client; nothing touches the network until `start()`.
    public init(settings: MQTTSettings, will: MQTTWill?, delegate: any MQTTClientDelegate) throws(MQTTError) {
        MQTTLibrary.initialiseOnce()
        guard let handle = mosquitto_new(settings.clientID, true, nil) else {
            throw MQTTError("mosquitto_new", code: MOSQ_ERR_NOMEM.rawValue, context: "client id \(settings.clientID)")
        }
        self.handle = handle
        self.settings = settings
        state.withLock { $0.delegate = delegate }
        mosquitto_user_data_set(handle, Unmanaged.passUnretained(self).toOpaque())
        mosquitto_connect_callback_set(handle, mqttConnectCallback)
        mosquitto_disconnect_callback_set(handle, mqttDisconnectCallback)
        mosquitto_publish_callback_set(handle, mqttPublishCallback)
        mosquitto_message_callback_set(handle, mqttMessageCallback)
        _ = mosquitto_int_option(handle, MOSQ_OPT_PROTOCOL_VERSION, Int32(MQTT_PROTOCOL_V311))
        try check("mosquitto_reconnect_delay_set",
            mosquitto_reconnect_delay_set(
                handle, UInt32(settings.reconnectDelayMinSeconds), UInt32(settings.reconnectDelayMaxSeconds), true))
        if let username = settings.username {
            try check("mosquitto_username_pw_set", mosquitto_username_pw_set(handle, username, settings.password))
        }
        if let caFile = settings.caFile {
            try check("mosquitto_tls_set",
                mosquitto_tls_set(handle, caFile, nil, settings.certFile, settings.keyFile, nil),
                context: "CA \(caFile)")
        }
        if let will {
            try check("mosquitto_will_set",
                will.payload.withUnsafeBytes {
                    mosquitto_will_set(handle, will.topic, Int32($0.count), $0.baseAddress, 1, will.retain)
                })
        }
    }

    deinit {
        mosquitto_destroy(handle)
    }

    /// Starts the network thread and the first connection attempt. Failures to reach the broker are retried forever.
    public func start() throws(MQTTError) {
        let first = state.withLock { state -> Bool in
            defer { state.started = true }
            return !state.started
        }
        guard first else { return }
        // A failure here (DNS, refused) is not fatal: the loop thread keeps reconnecting with backoff.
        let rc = mosquitto_connect_async(handle, settings.host, Int32(settings.port), Int32(settings.keepaliveSeconds))
        try check("mosquitto_loop_start", mosquitto_loop_start(handle))
        if rc != MOSQ_ERR_SUCCESS.rawValue {
            let reason = Self.errorText(rc)
            let delegate = state.withLock { $0.delegate }
            delegate?.mqttDidDisconnect(code: rc, reason: reason, expected: false)
        }
    }

    /// Disconnects cleanly (no last will) and joins the network thread.
    public func stop() {
        let wasStarted = state.withLock { state -> Bool in
            state.stopping = true
            return state.started
        }
        guard wasStarted else { return }
        mosquitto_disconnect(handle)
        mosquitto_loop_stop(handle, false)
        state.withLock { $0.started = false }
    }

    /// Publishes a message; returns libmosquitto's message id, used to match `mqttDidPublish`.
    @discardableResult
    public func publish(topic: String, payload: [UInt8], qos: Int32, retain: Bool) throws(MQTTError) -> Int32 {
        var messageID: Int32 = 0
        let rc = payload.withUnsafeBytes {
            mosquitto_publish(handle, &messageID, topic, Int32($0.count), $0.baseAddress, qos, retain)
        }
        try check("mosquitto_publish", rc, context: topic)
        return messageID
    }

    /// Subscribes to a topic filter.
    public func subscribe(_ filter: String, qos: Int32) throws(MQTTError) {
        try check("mosquitto_subscribe", mosquitto_subscribe(handle, nil, filter, qos), context: filter)
    }

    private func check(_ function: String, _ rc: Int32, context: String = "") throws(MQTTError) {
        if rc != MOSQ_ERR_SUCCESS.rawValue { throw MQTTError(function, code: rc, context: context) }
    }

    fileprivate var delegate: (any MQTTClientDelegate)? { state.withLock { $0.delegate } }
    fileprivate var isStopping: Bool { state.withLock { $0.stopping } }

    /// libmosquitto's text for an error code; for MOSQ_ERR_ERRNO, the system's text for errno.
    static func errorText(_ code: Int32) -> String {
        if code == MOSQ_ERR_ERRNO.rawValue, errno != 0 { return String(cString: strerror(errno)) }
        return String(cString: mosquitto_strerror(code))
    }

    /// libmosquitto's text for a CONNACK code.
    public static func connackReason(_ code: Int32) -> String {
        String(cString: mosquitto_connack_string(code))
    }
}

/// libmosquitto needs one global initialisation per process.
enum MQTTLibrary {
    private static let initialised: Bool = {
        mosquitto_lib_init()
        return true
    }()
    static func initialiseOnce() { _ = initialised }
}

// libmosquitto calls these on its network thread. They are global functions, not closures: a closure literal
// would be inferred main-actor isolated and trap when called from a foreign thread.
private func client(_ userdata: UnsafeMutableRawPointer?) -> MQTTClient? {
    guard let userdata else { return nil }
    return Unmanaged<MQTTClient>.fromOpaque(userdata).takeUnretainedValue()
}

private func mqttConnectCallback(_: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ code: Int32) {
    client(userdata)?.delegate?.mqttDidConnect(code: code, reason: MQTTClient.connackReason(code))
}

private func mqttDisconnectCallback(_: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ code: Int32) {
    guard let client = client(userdata) else { return }
    client.delegate?.mqttDidDisconnect(
        code: code, reason: MQTTClient.errorText(code), expected: code == 0 || client.isStopping)
}

private func mqttPublishCallback(_: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ messageID: Int32) {
    client(userdata)?.delegate?.mqttDidPublish(messageID: messageID)
}

private func mqttMessageCallback(
    _: OpaquePointer?, _ userdata: UnsafeMutableRawPointer?, _ message: UnsafePointer<mosquitto_message>?
) {
    guard let message, let topic = message.pointee.topic else { return }
    let length = Int(message.pointee.payloadlen)
    var payload = [UInt8](repeating: 0, count: length)
    if length > 0, let source = message.pointee.payload {
        payload.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: source, count: length)) }
    }
    client(userdata)?.delegate?.mqttDidReceive(
        topic: String(cString: topic), payload: payload, retained: message.pointee.retain)
}
