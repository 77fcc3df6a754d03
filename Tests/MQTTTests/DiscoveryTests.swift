import Foundation
import Testing

@testable import MQTT

@Suite struct DiscoveryTests {
    let topics = Topics(baseTopic: "closetd", deviceID: "hall", discoveryPrefix: "homeassistant")

    @Test func deviceDiscoveryConfigHasDeviceOriginAndComponents() throws {
        let payload = HomeAssistantDiscovery.payload(topics: topics, softwareVersion: "1.2.3")
        let config = try #require(try JSONSerialization.jsonObject(with: Data(payload)) as? [String: Any])
        #expect(topics.discoveryConfig == "homeassistant/device/closetd_hall/config")
        let device = try #require(config["dev"] as? [String: Any])
        #expect(device["ids"] as? [String] == ["closetd_hall"])
        #expect((config["o"] as? [String: Any])?["name"] as? String == "closetd")
        #expect(config["availability_topic"] as? String == "closetd/hall/availability")
        let components = try #require(config["cmps"] as? [String: [String: Any]])
        var platforms: [String: Int] = [:]
        var uniqueIDs: Set<String> = []
        for (name, component) in components {
            let platform = try #require(component["p"] as? String, "\(name) has no platform")
            platforms[platform, default: 0] += 1
            let unique = try #require(component["unique_id"] as? String, "\(name) has no unique_id")
            #expect(uniqueIDs.insert(unique).inserted, "duplicate unique_id \(unique)")
            #expect(component["object_id"] == nil, "\(name) uses the deprecated object_id")
        }
        #expect(platforms["image"] == 1 && platforms["event"] == 1 && platforms["button"] == 3)
        #expect((platforms["sensor"] ?? 0) >= 3)
        #expect(components.values.contains { $0["json_attributes_topic"] as? String == "closetd/hall/state" })
        #expect(components["outfit_image"]?["image_topic"] as? String == "closetd/hall/outfit/today/image")
        #expect(components["worn"]?["state_topic"] as? String == "closetd/hall/outfit/worn")
        #expect(components["accept"]?["command_topic"] as? String == "closetd/hall/feedback/set")
        #expect(config["object_id"] == nil)
    }
}
