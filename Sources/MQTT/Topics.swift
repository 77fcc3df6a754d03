/// The topics of one closetd device, all under `<base_topic>/<device_id>/`.
public struct Topics: Sendable, Equatable {
    /// `<base_topic>/<device_id>`
    public let prefix: String
    /// Home Assistant's discovery prefix, e.g. `homeassistant`.
    public let discoveryPrefix: String
    /// The device id as given in the configuration.
    public let deviceID: String

    public init(baseTopic: String, deviceID: String, discoveryPrefix: String) {
        self.prefix = "\(baseTopic)/\(deviceID)"
        self.discoveryPrefix = discoveryPrefix
        self.deviceID = deviceID
    }

    /// A topic below this device's prefix, e.g. `state` → `closetd/mirror/state`.
    public func device(_ suffix: String) -> String { "\(prefix)/\(suffix)" }

    /// Retained `online` / `offline`; `offline` is also the last will.
    public var availability: String { device("availability") }
    /// Retained JSON: what the daemon is doing.
    public var state: String { device("state") }
    /// JSON every 60 s: rates, inference time, CPU, memory.
    public var stats: String { device("stats") }
    /// Retained JSON: today's outfit recommendations.
    public var outfitToday: String { device("outfit/today") }
    /// Retained JPEG collage of the first recommended outfit.
    public var outfitTodayImage: String { device("outfit/today/image") }
    /// Events: an outfit was seen and logged.
    public var outfitWorn: String { device("outfit/worn") }
    /// Commands: accept / reject / next for a recommendation.
    public var feedbackSet: String { device("feedback/set") }
    /// Home Assistant's device discovery config for this device.
    public var discoveryConfig: String { "\(discoveryPrefix)/device/\(uniqueDeviceID)/config" }
    /// Home Assistant publishes `online` here when it (re)starts.
    public var homeAssistantStatus: String { "\(discoveryPrefix)/status" }
    /// The device id as Home Assistant knows it.
    public var uniqueDeviceID: String { "closetd_\(deviceID)" }
}
