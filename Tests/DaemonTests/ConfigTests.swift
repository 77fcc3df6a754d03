import Perception
import Testing

@testable import Daemon

@Suite struct ConfigTests {
    @Test func defaultTextIsTheBuiltInDefault() throws {
        #expect(try Config.parse(yaml: Config.defaultYAML) == Config())
    }

    @Test func emptyDocumentGivesDefaults() throws {
        #expect(try Config.parse(yaml: "") == Config())
    }

    @Test func valuesAreRead() throws {
        let config = try Config.parse(
            yaml: """
                device_id: hall
                mqtt:
                  host: 192.0.2.10
                  port: 8883
                  username: mirror
                  password: secret
                  discovery: {enabled: false}
                recommend: {time: "07:05", time_zone: Europe/Berlin, temperature_celsius: -3.5}
                camera: {replay: /srv/frames, fps: 25}
                perception: {match_threshold: 0.8, candidate_threshold: 0.65, same_day_bonus: 0.05, min_standing_share: 0.28,
                             shoe_colour_scale: 60, clear_shoe_colour_scale: 50, shoe_lightness_weight: 1, max_still_speed: 0.8, close_ups: false}
                """)
        #expect(config.deviceID == "hall")
        #expect(config.mqtt.host == "192.0.2.10" && config.mqtt.port == 8883)
        #expect(config.mqtt.username == "mirror" && config.mqtt.password == "secret")
        #expect(config.mqtt.discoveryEnabled == false)
        #expect(config.recommend.time == "07:05" && config.recommend.timeZone == "Europe/Berlin")
        #expect(config.recommend.temperatureCelsius == -3.5)
        #expect(config.camera.replay == "/srv/frames" && config.camera.framesPerSecond == 25)
        #expect(config.topicPrefix == "closetd/hall" && config.effectiveClientID == "closetd-hall")
        let match = config.perception.settings.match
        #expect(match.matchThreshold == 0.8 && match.candidateThreshold == 0.65 && match.sameDayBonus == 0.05, "\(match)")
        #expect(config.perception.settings.personCheck.minimumStandingShare == 0.28)
        #expect(match.shoeColourScale == 60 && match.clearShoeColourScale == 50 && match.shoeLightnessWeight == 1, "\(match)")
        #expect(config.perception.settings.session.maximumStillSpeed == 0.8)
        #expect(config.perception.settings.personCheck.acceptsCloseUps == false)
        #expect(try Config.parse(yaml: "device_id: hall\n").perception.settings.personCheck.acceptsCloseUps)
    }

    /// Each kind of bad field: the error names the field, shows the value and says why.
    @Test(arguments: [
        ("mqtt:\n  prot: 1883\n", "mqtt.prot", "unknown key"),
        ("colour: red\n", "colour", "unknown key"),
        ("mqtt:\n  port: 70000\n", "mqtt.port", "between 1 and 65535"),
        ("mqtt:\n  port: eighty\n", "mqtt.port", "whole number"),
        ("mqtt:\n  port: 99999999999999999999\n", "mqtt.port", "whole number between 1 and 65535"),
        ("mqtt:\n  port: [1, 2]\n", "mqtt.port", "single value"),
        ("mqtt: 5\n", "mqtt", "mapping"),
        ("device_id: 'my mirror'\n", "device_id", "letters, digits"),
        ("log_level: loud\n", "log_level", "one of"),
        ("state_dir: relative/path\n", "state_dir", "absolute path"),
        ("recommend:\n  time: '25:00'\n", "recommend.time", "HH:MM"),
        ("recommend:\n  time_zone: Mars/Olympus\n", "recommend.time_zone", "time zone"),
        ("recommend:\n  temperature_celsius: 99\n", "recommend.temperature_celsius", "between"),
        ("mqtt:\n  discovery:\n    enabled: maybe\n", "mqtt.discovery.enabled", "true or false"),
        ("mqtt:\n  base_topic: 'a/#'\n", "mqtt.base_topic", "wildcards"),
        ("mqtt:\n  tls:\n    ca_file: /nonexistent/ca.pem\n", "mqtt.tls.ca_file", "no readable file"),
        ("mqtt:\n  username: u\n  password: p\n  password_file: /etc/hostname\n", "mqtt.password_file", "not both"),
        ("mqtt:\n  password: p\n", "mqtt.username", "no username"),
        ("mqtt:\n  host: a\n  host: b\n", "", "YAML"),
        ("camera: {fps: 0}\n", "camera.fps", "between 1 and 120"),
        ("perception: {same_day_bonus: 2}\n", "perception.same_day_bonus", "between"),
        ("perception: {min_standing_share: 1.5}\n", "perception.min_standing_share", "between"),
        ("perception: {shoe_colour_scale: 0}\n", "perception.shoe_colour_scale", "between"),
        ("perception: {clear_shoe_colour_scale: 500}\n", "perception.clear_shoe_colour_scale", "between"),
        ("shutdown_timeout_seconds: 0\n", "shutdown_timeout_seconds", "between"),
        (": : :\n  - [\n", "", "not valid YAML"),
    ])
    func badFieldIsNamed(yaml: String, field: String, reason: String) {
        do {
            _ = try Config.parse(yaml: yaml)
            Issue.record("accepted bad configuration: \(yaml)")
        } catch {
            #expect(error.field == field || (field.isEmpty && error.field.isEmpty) || error.field.hasPrefix(field) && !field.isEmpty,
                    "field: \(error.description)")
            #expect(error.description.contains(reason), "reason: \(error.description)")
        }
    }

    @Test func timeOfDay() {
        #expect(Config.parseTimeOfDay("06:30") == 390)
        #expect(Config.parseTimeOfDay("23:59") == 1439)
        #expect(Config.parseTimeOfDay("6:30") == nil)
        #expect(Config.parseTimeOfDay("24:00") == nil)
    }
}
