import Foundation
import Perception
import Yams

/// closetd's configuration: what the YAML file at /etc/closetd/closetd.yaml says, validated.
public struct Config: Equatable, Sendable {
    /// The default location of the configuration file.
    public static let defaultPath = "/etc/closetd/closetd.yaml"

    /// Names this mirror in MQTT topics (`closetd/<device_id>/…`) and Home Assistant ids.
    public var deviceID = "mirror"
    /// swift-log level: trace, debug, info, notice, warning, error or critical.
    public var logLevel = "info"
    /// Where the inventory, the MQTT outbox and learned models live.
    public var stateDirectory = "/var/lib/closetd"
    /// Where the .tflite models and their manifest live.
    public var modelsDirectory = "/usr/local/share/closetd/models"
    /// How long a graceful shutdown may take before the remaining work is cancelled.
    public var shutdownTimeoutSeconds = 10
    public var camera = Camera()
    public var mqtt = MQTT()
    public var recommend = Recommend()
    public var perception = Perception()

    /// The camera, or a recorded source that replaces it.
    public struct Camera: Equatable, Sendable {
        public var device = "/dev/video0"
        public var width = 640
        public var height = 480
        public var framesPerSecond = 15
        public var buffers = 4
        /// A folder of timestamped JPEGs or an MJPEG file played instead of the camera.
        public var replay: String?
        /// Capture restarts when no frame arrived for this long.
        public var noFrameTimeoutSeconds = 20
        public init() {}
    }

    /// The MQTT broker and the topics closetd uses on it.
    public struct MQTT: Equatable, Sendable {
        public var host = "localhost"
        public var port = 1883
        /// Defaults to `closetd-<device_id>`.
        public var clientID: String?
        public var username: String?
        public var password: String?
        /// A file whose first line is the password (keeps secrets out of the config).
        public var passwordFile: String?
        public var tls = TLS()
        public var keepaliveSeconds = 30
        public var baseTopic = "closetd"
        public var discoveryEnabled = true
        public var discoveryPrefix = "homeassistant"
        /// How often the `stats` topic is published.
        public var statsIntervalSeconds = 60
        public init() {}

        /// TLS to the broker: on when `caFile` is set.
        public struct TLS: Equatable, Sendable {
            public var caFile: String?
            public var certFile: String?
            public var keyFile: String?
            public var enabled: Bool { caFile != nil }
            public init() {}
        }
    }

    /// When and how the morning recommendation is made.
    public struct Recommend: Equatable, Sendable {
        /// Local time of day, `HH:MM`.
        public var time = "06:30"
        /// An IANA time zone, or `local` for the system's.
        public var timeZone = "local"
        /// An MQTT topic carrying the outdoor temperature in °C (a number, or JSON with `temperature`).
        public var temperatureTopic: String?
        /// A fixed outdoor temperature in °C, used when no topic is set.
        public var temperatureCelsius: Double?
        public init() {}
    }

    /// The perception pipeline's thresholds (see `PerceptionSettings` for what each one does).
    public struct Perception: Equatable, Sendable {
        /// Run the pipeline when the models are in models_dir.
        public var enabled = true
        // The defaults are the pipeline's own (PerceptionSettings), so that they live in one place.
        public var gapToleranceSeconds = Self.pipeline.session.gapToleranceSeconds
        public var minimumSessionFrames = Self.pipeline.session.minimumWholePersonFrames
        public var maximumStillSpeed = Self.pipeline.session.maximumStillSpeed
        public var minimumStandingShare = Self.pipeline.personCheck.minimumStandingShare
        public var closeUps = Self.pipeline.personCheck.acceptsCloseUps
        public var minimumGarmentFrames = Self.pipeline.session.minimumGarmentFrames
        public var minimumSharpness = Self.pipeline.session.minimumSharpness
        public var detectorScoreThreshold = Self.pipeline.detector.scoreThreshold
        public var matchThreshold = Self.pipeline.match.matchThreshold
        public var candidateThreshold = Self.pipeline.match.candidateThreshold
        public var sameDayBonus = Self.pipeline.match.sameDayBonus
        public var shoeColourScale = Self.pipeline.match.shoeColourScale
        public var clearShoeColourScale = Self.pipeline.match.clearShoeColourScale
        public var shoeLightnessWeight = Self.pipeline.match.shoeLightnessWeight
        private static let pipeline = PerceptionSettings()
        public init() {}
    }

    public init() {}

    /// The MQTT client id actually used.
    public var effectiveClientID: String { mqtt.clientID ?? "closetd-\(deviceID)" }
    /// The topic prefix of this device: `<base_topic>/<device_id>`.
    public var topicPrefix: String { "\(mqtt.baseTopic)/\(deviceID)" }
}

extension Config {
    /// Reads and validates a configuration file.
    public static func load(path: String) throws(ConfigError) -> Config {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(field: "", reason: "cannot read the configuration file: \(error.localizedDescription)", file: path)
        }
        do {
            return try parse(yaml: text)
        } catch var error {
            error.file = path
            throw error
        }
    }

    /// Parses and validates configuration text. An empty document gives the defaults.
    public static func parse(yaml text: String) throws(ConfigError) -> Config {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigError(field: "", reason: "not valid YAML: \(error)")
        }
        var config = Config()
        var top = try YAMLMapping(root, path: "")
        if let id = try top.string("device_id") {
            guard id.range(of: "^[A-Za-z0-9_-]{1,64}$", options: .regularExpression) != nil else {
                throw top.invalid("device_id", id, "use 1 to 64 letters, digits, '_' or '-' (it is part of MQTT topics)")
            }
            config.deviceID = id
        }
        if let level = try top.string("log_level") {
            let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
            guard levels.contains(level) else {
                throw top.invalid("log_level", level, "must be one of \(levels.joined(separator: ", "))")
            }
            config.logLevel = level
        }
        if let dir = try top.string("state_dir") { config.stateDirectory = try absolutePath(dir, "state_dir", top) }
        if let dir = try top.string("models_dir") { config.modelsDirectory = try absolutePath(dir, "models_dir", top) }
        if let seconds = try top.integer("shutdown_timeout_seconds", in: 1...300) {
            config.shutdownTimeoutSeconds = seconds
        }

        var camera = try top.mapping("camera")
        if let device = try camera.string("device") { config.camera.device = try absolutePath(device, "device", camera) }
        if let width = try camera.integer("width", in: 16...7680) { config.camera.width = width }
        if let height = try camera.integer("height", in: 16...4320) { config.camera.height = height }
        if let fps = try camera.integer("fps", in: 1...120) { config.camera.framesPerSecond = fps }
        if let buffers = try camera.integer("buffers", in: 2...32) { config.camera.buffers = buffers }
        if let replay = try camera.string("replay") { config.camera.replay = replay }
        if let timeout = try camera.integer("no_frame_timeout_seconds", in: 1...3600) {
            config.camera.noFrameTimeoutSeconds = timeout
        }
        try camera.rejectUnknownKeys()

        var mqtt = try top.mapping("mqtt")
        if let host = try mqtt.string("host") {
            guard !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "/" }) else {
                throw mqtt.invalid("host", host, "must be a host name or an IP address")
            }
            config.mqtt.host = host
        }
        if let port = try mqtt.integer("port", in: 1...65535) { config.mqtt.port = port }
        if let id = try mqtt.string("client_id") {
            guard !id.isEmpty, id.utf8.count <= 65535 else { throw mqtt.invalid("client_id", id, "must not be empty") }
            config.mqtt.clientID = id
        }
        config.mqtt.username = try mqtt.string("username")
        config.mqtt.password = try mqtt.string("password")
        config.mqtt.passwordFile = try mqtt.string("password_file")
        if config.mqtt.password != nil, let file = config.mqtt.passwordFile {
            throw mqtt.invalid("password_file", file, "give either password or password_file, not both")
        }
        if config.mqtt.username == nil, config.mqtt.password != nil || config.mqtt.passwordFile != nil {
            throw ConfigError(field: "mqtt.username", reason: "a password is set but no username")
        }
        if let file = config.mqtt.passwordFile { try readableFile(file, "password_file", mqtt) }
        var tls = try mqtt.mapping("tls")
        config.mqtt.tls.caFile = try tls.string("ca_file")
        config.mqtt.tls.certFile = try tls.string("cert_file")
        config.mqtt.tls.keyFile = try tls.string("key_file")
        try tls.rejectUnknownKeys()
        for (key, file) in [("ca_file", config.mqtt.tls.caFile), ("cert_file", config.mqtt.tls.certFile),
                            ("key_file", config.mqtt.tls.keyFile)] {
            if let file { try readableFile(file, key, tls) }
        }
        if (config.mqtt.tls.certFile == nil) != (config.mqtt.tls.keyFile == nil) {
            throw ConfigError(field: "mqtt.tls", reason: "cert_file and key_file go together: give both or neither")
        }
        if config.mqtt.tls.certFile != nil, config.mqtt.tls.caFile == nil {
            throw ConfigError(field: "mqtt.tls.ca_file", reason: "a client certificate needs ca_file (TLS is on only with a CA)")
        }
        if let keepalive = try mqtt.integer("keepalive_seconds", in: 5...3600) { config.mqtt.keepaliveSeconds = keepalive }
        if let interval = try mqtt.integer("stats_interval_seconds", in: 1...86400) {
            config.mqtt.statsIntervalSeconds = interval
        }
        if let base = try mqtt.string("base_topic") {
            guard isPlainTopicLevelPath(base) else {
                throw mqtt.invalid("base_topic", base, "must be a topic without wildcards (+, #), leading or trailing '/'")
            }
            config.mqtt.baseTopic = base
        }
        var discovery = try mqtt.mapping("discovery")
        if let enabled = try discovery.bool("enabled") { config.mqtt.discoveryEnabled = enabled }
        if let prefix = try discovery.string("prefix") {
            guard isPlainTopicLevelPath(prefix) else {
                throw discovery.invalid("prefix", prefix, "must be a topic without wildcards (+, #), leading or trailing '/'")
            }
            config.mqtt.discoveryPrefix = prefix
        }
        try discovery.rejectUnknownKeys()
        try mqtt.rejectUnknownKeys()

        var recommend = try top.mapping("recommend")
        if let time = try recommend.string("time") {
            guard parseTimeOfDay(time) != nil else {
                throw recommend.invalid("time", time, "must be a local time of day as HH:MM, 00:00 to 23:59")
            }
            config.recommend.time = time
        }
        if let zone = try recommend.string("time_zone") {
            guard zone == "local" || TimeZone(identifier: zone) != nil else {
                throw recommend.invalid("time_zone", zone, "is not a known IANA time zone (e.g. Europe/Berlin) or 'local'")
            }
            config.recommend.timeZone = zone
        }
        if let topic = try recommend.string("temperature_topic") {
            guard !topic.isEmpty, !topic.contains("#"), !topic.contains("+") else {
                throw recommend.invalid("temperature_topic", topic, "must be one topic, without wildcards")
            }
            config.recommend.temperatureTopic = topic
        }
        config.recommend.temperatureCelsius = try recommend.number("temperature_celsius", in: -60...60)
        try recommend.rejectUnknownKeys()

        var perception = try top.mapping("perception")
        if let enabled = try perception.bool("enabled") { config.perception.enabled = enabled }
        if let v = try perception.number("gap_tolerance_seconds", in: 0...600) { config.perception.gapToleranceSeconds = v }
        if let v = try perception.integer("min_session_frames", in: 1...1000) { config.perception.minimumSessionFrames = v }
        if let v = try perception.number("max_still_speed", in: 0.01...100) { config.perception.maximumStillSpeed = v }
        if let v = try perception.number("min_standing_share", in: 0...1) { config.perception.minimumStandingShare = v }
        if let v = try perception.bool("close_ups") { config.perception.closeUps = v }
        if let v = try perception.integer("min_garment_frames", in: 1...1000) { config.perception.minimumGarmentFrames = v }
        if let v = try perception.number("min_sharpness", in: 0...100000) { config.perception.minimumSharpness = v }
        if let v = try perception.number("detector_score_threshold", in: 0.01...1) {
            config.perception.detectorScoreThreshold = v
        }
        if let v = try perception.number("match_threshold", in: -1...1) { config.perception.matchThreshold = v }
        if let v = try perception.number("candidate_threshold", in: -1...1) { config.perception.candidateThreshold = v }
        if let v = try perception.number("same_day_bonus", in: 0...1) { config.perception.sameDayBonus = v }
        if let v = try perception.number("shoe_colour_scale", in: 1...400) { config.perception.shoeColourScale = v }
        if let v = try perception.number("clear_shoe_colour_scale", in: 1...400) {
            config.perception.clearShoeColourScale = v
        }
        if let v = try perception.number("shoe_lightness_weight", in: 0...1) { config.perception.shoeLightnessWeight = v }
        if config.perception.candidateThreshold > config.perception.matchThreshold {
            throw ConfigError(
                field: "perception.candidate_threshold", reason: "must not be above perception.match_threshold")
        }
        try perception.rejectUnknownKeys()

        try top.rejectUnknownKeys()
        return config
    }

    /// `HH:MM` as minutes after midnight, or nil.
    public static func parseTimeOfDay(_ text: String) -> Int? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 2, parts[1].count == 2,
            let hours = Int(parts[0]), let minutes = Int(parts[1]), (0..<24).contains(hours), (0..<60).contains(minutes)
        else { return nil }
        return hours * 60 + minutes
    }

    private static func isPlainTopicLevelPath(_ topic: String) -> Bool {
        !topic.isEmpty && !topic.hasPrefix("/") && !topic.hasSuffix("/") && !topic.contains("//")
            && !topic.contains("#") && !topic.contains("+")
    }

    private static func absolutePath(_ path: String, _ key: String, _ mapping: YAMLMapping) throws(ConfigError) -> String {
        guard path.hasPrefix("/") else { throw mapping.invalid(key, path, "must be an absolute path") }
        return path
    }

    private static func readableFile(_ path: String, _ key: String, _ mapping: YAMLMapping) throws(ConfigError) {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw mapping.invalid(key, path, "no readable file at this path")
        }
    }
}
