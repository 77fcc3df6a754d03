/// How to reach the broker: everything libmosquitto needs before connecting.
public struct MQTTSettings: Sendable, Equatable {
    public var host: String
    public var port: Int
    public var clientID: String
    public var username: String?
    public var password: String?
    public var keepaliveSeconds: Int
    /// TLS is used when `caFile` is set.
    public var caFile: String?
    public var certFile: String?
    public var keyFile: String?
    /// Reconnect delays: doubled from `min` up to `max` seconds.
    public var reconnectDelayMinSeconds: Int = 1
    public var reconnectDelayMaxSeconds: Int = 30

    public init(
        host: String, port: Int, clientID: String, username: String? = nil, password: String? = nil,
        keepaliveSeconds: Int = 30, caFile: String? = nil, certFile: String? = nil, keyFile: String? = nil
    ) {
        self.host = host
        self.port = port
        self.clientID = clientID
        self.username = username
        self.password = password
        self.keepaliveSeconds = keepaliveSeconds
        self.caFile = caFile
        self.certFile = certFile
        self.keyFile = keyFile
    }
}

/// A message published when the client disconnects without saying goodbye.
public struct MQTTWill: Sendable, Equatable {
    public var topic: String
    public var payload: [UInt8]
    public var retain: Bool
    public init(topic: String, payload: [UInt8], retain: Bool) {
        self.topic = topic
        self.payload = payload
        self.retain = retain
    }
}
