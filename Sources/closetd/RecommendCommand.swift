import ArgumentParser
import Daemon
import Foundation
import InventoryStore
import MQTT

/// `closetd recommend`: today's outfits from the clean clothes, printed and published.
struct RecommendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommend",
        abstract: "Recommend outfits from the closet's clean items; publish them on outfit/today.")

    @OptionGroup var global: GlobalOptions

    @Option(help: "The day to recommend for (YYYY-MM-DD); default today.")
    var date: String?

    @Option(help: "The outdoor temperature in °C (default: recommend.temperature_celsius, else the season).")
    var temperature: Double?

    @Flag(help: "Rain is expected (outerwear below 18 °C).")
    var rain = false

    @Flag(help: "Print the outfit/today JSON instead of a table.")
    var json = false

    @Flag(name: .customLong("no-publish"), help: "Do not publish to the broker.")
    var noPublish = false

    func validate() throws {
        if let date, RecommendCommand.day(date) == nil { throw ValidationError("--date must be YYYY-MM-DD, got '\(date)'") }
        if let temperature, !(-60...60).contains(temperature) { throw ValidationError("--temperature must be -60...60 °C") }
    }

    func run() throws {
        let config = try global.loadConfig()
        let schedule = MorningSchedule(config: config.recommend)
        let desk = try openDesk(config, schedule: schedule)
        var moment = Date()
        if let date, let day = RecommendCommand.day(date) {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = schedule.timeZone
            moment = calendar.date(bySettingHour: schedule.minuteOfDay / 60, minute: schedule.minuteOfDay % 60, second: 0, of: day) ?? day
        }
        let today = try desk.recommend(at: moment, temperatureCelsius: temperature ?? config.recommend.temperatureCelsius, raining: rain)
        let payloads = try desk.payloads(today)
        if json {
            print(String(decoding: payloads.json, as: UTF8.self))
        } else {
            print(RecommendationTable.render(today))
        }
        if !noPublish { publishToday(payloads, config: config) }
    }

    /// A date at local noon, or nil.
    static func day(_ text: String) -> Date? {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.count == 10 else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .current
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12)
        guard components.isValidDate(in: calendar) else { return nil }
        return calendar.date(from: components)
    }
}

/// Opens the inventory and the recommendation state of `config`'s state folder, with clear errors.
func openDesk(_ config: Config, schedule: MorningSchedule) throws -> RecommendationDesk {
    do {
        let store = try InventoryStore(stateDirectory: config.stateDirectory)
        return try RecommendationDesk(store: store, stateDirectory: config.stateDirectory, timeZone: schedule.timeZone)
    } catch {
        printError("closetd: cannot open the state in \(config.stateDirectory): \(error)")
        throw ExitCode(1)
    }
}

/// Publishes today's recommendation retained; a broker that cannot be reached is a warning, not a failure
/// (the recommendation is saved and the daemon republishes it).
func publishToday(_ payloads: (json: [UInt8], image: [UInt8]?), config: Config) {
    let topics = Topics(baseTopic: config.mqtt.baseTopic, deviceID: config.deviceID, discoveryPrefix: config.mqtt.discoveryPrefix)
    var messages = [OneShotPublisher.Message(topic: topics.outfitToday, payload: payloads.json, retain: true)]
    if let image = payloads.image {
        messages.append(OneShotPublisher.Message(topic: topics.outfitTodayImage, payload: image, retain: true))
    }
    do {
        var settings = try ClosetDaemon.mqttSettings(config)
        settings.clientID += "-cli"
        if let problem = OneShotPublisher.publish(messages, settings: settings) {
            printError("closetd: warning: not published to \(config.mqtt.host):\(config.mqtt.port): \(problem)")
        }
    } catch {
        printError("closetd: warning: not published: \(error)")
    }
}
