import Foundation

/// Home Assistant MQTT device discovery for one closetd device: a single retained config message at
/// `<prefix>/device/closetd_<id>/config` with the device (`dev`), origin (`o`) and its components (`cmps`).
public enum HomeAssistantDiscovery {
    /// The discovery config payload (JSON, keys sorted so the bytes are stable).
    public static func payload(topics: Topics, softwareVersion: String) -> [UInt8] {
        let unique = topics.uniqueDeviceID
        func id(_ component: String) -> String { "\(unique)_\(component)" }
        func stateSensor(_ name: String, _ template: String, unit: String? = nil, icon: String) -> [String: Any] {
            var sensor: [String: Any] = [
                "p": "sensor", "name": name, "unique_id": id(name.lowercased().replacingOccurrences(of: " ", with: "_")),
                "state_topic": topics.state, "value_template": template, "icon": icon,
            ]
            if let unit { sensor["unit_of_measurement"] = unit; sensor["state_class"] = "measurement" }
            return sensor
        }
        func statsSensor(_ key: String, _ name: String, unit: String, icon: String) -> [String: Any] {
            [
                "p": "sensor", "name": name, "unique_id": id(key), "state_topic": topics.stats,
                "value_template": "{{ value_json.\(key) }}", "unit_of_measurement": unit, "state_class": "measurement",
                "entity_category": "diagnostic", "icon": icon,
            ]
        }
        func feedbackButton(_ action: String, _ name: String, icon: String) -> [String: Any] {
            [
                "p": "button", "name": name, "unique_id": id("\(action)_outfit"), "command_topic": topics.feedbackSet,
                "payload_press": "{\"action\":\"\(action)\"}", "icon": icon,
            ]
        }
        var daemonState = stateSensor("State", "{{ value_json.state }}", icon: "mdi:mirror")
        daemonState["json_attributes_topic"] = topics.state
        var items = stateSensor("Closet items", "{{ value_json.items }}", unit: "items", icon: "mdi:hanger")
        items["unique_id"] = id("items")
        var lastOutfit = stateSensor("Last outfit", "{{ value_json.last_outfit.date | default('none') }}", icon: "mdi:tshirt-crew")
        lastOutfit["json_attributes_topic"] = topics.state
        lastOutfit["json_attributes_template"] = "{{ value_json.last_outfit | default({}) | tojson }}"

        let components: [String: Any] = [
            "state": daemonState,
            "items": items,
            "last_outfit": lastOutfit,
            "outfit_today": [
                "p": "sensor", "name": "Outfit today", "unique_id": id("outfit_today"), "state_topic": topics.outfitToday,
                "value_template": "{{ value_json.outfits[value_json.current].summary | default('none') }}",
                "json_attributes_topic": topics.outfitToday, "icon": "mdi:wardrobe",
            ],
            "outfit_image": [
                "p": "image", "name": "Outfit today", "unique_id": id("outfit_image"),
                "image_topic": topics.outfitTodayImage, "content_type": "image/jpeg",
            ],
            "accept": feedbackButton("accept", "Accept outfit", icon: "mdi:thumb-up"),
            "reject": feedbackButton("reject", "Reject outfit", icon: "mdi:thumb-down"),
            "next": feedbackButton("next", "Next outfit", icon: "mdi:skip-next"),
            "worn": [
                "p": "event", "name": "Outfit logged", "unique_id": id("worn"), "state_topic": topics.outfitWorn,
                "event_types": ["worn"], "icon": "mdi:calendar-check",
            ],
            "frames_analysed": statsSensor("frames_analysed_per_s", "Frames analysed", unit: "fps", icon: "mdi:camera"),
            "inference_ms": statsSensor("inference_ms", "Inference time", unit: "ms", icon: "mdi:timer-outline"),
            "cpu": statsSensor("cpu_percent", "CPU", unit: "%", icon: "mdi:cpu-64-bit"),
            "rss": statsSensor("rss_mb", "Memory", unit: "MB", icon: "mdi:memory"),
        ]
        let config: [String: Any] = [
            "dev": [
                "ids": [unique], "name": "closetd \(topics.deviceID)", "mf": "closetd", "mdl": "Smart mirror",
                "sw": softwareVersion,
            ],
            "o": ["name": "closetd", "sw": softwareVersion],
            "availability_topic": topics.availability,
            "payload_available": "online",
            "payload_not_available": "offline",
            "qos": 1,
            "cmps": components,
        ]
        // The dictionary holds only JSON types: serialisation cannot fail.
        let data = try! JSONSerialization.data(withJSONObject: config, options: [.sortedKeys, .withoutEscapingSlashes])
        return [UInt8](data)
    }
}
