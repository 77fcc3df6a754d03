import Foundation
import Logging
import MQTT
import ServiceLifecycle

/// Every morning at the configured time, today's outfits on `outfit/today` (JSON) and `outfit/today/image` (JPEG);
/// feedback from `feedback/set`; the outdoor temperature from the configured topic; worn outfits counted as accepted.
struct RecommendationService: Service {
    let desk: RecommendationDesk
    let channel: DeviceChannel
    let schedule: MorningSchedule
    let settings: Config.Recommend
    let logger: Logger

    private enum Event: Sendable {
        case due
        case tick
        case feedback([UInt8])
        case temperature([UInt8])
    }

    func run() async throws {
        let (events, continuation) = AsyncStream<Event>.makeStream()
        channel.onCommand(channel.topics.feedbackSet) { continuation.yield(.feedback($0)) }
        if let topic = settings.temperatureTopic { channel.onCommand(topic) { continuation.yield(.temperature($0)) } }
        let clock = Task {
            var next = schedule.nextDue(after: Date())
            while !Task.isCancelled {
                let wait = min(30, max(0, next.timeIntervalSinceNow))
                try? await Task.sleep(for: .milliseconds(Int(wait * 1000)))
                if Date() >= next {
                    continuation.yield(.due)
                    next = schedule.nextDue(after: Date())
                } else {
                    continuation.yield(.tick)
                }
            }
        }
        defer { clock.cancel() }

        var temperature = settings.temperatureCelsius
        var raining = false
        startOfDay()
        for await event in events.cancelOnGracefulShutdown() {
            switch event {
            case .due:
                recommend(temperature: temperature, raining: raining)
            case .tick:
                noteWornOutfits()
            case .feedback(let payload):
                handleFeedback(payload)
            case .temperature(let payload):
                switch TemperatureReading.parse(payload) {
                case .success(let value): temperature = value
                case .failure(let error): logger.warning("temperature topic: ignored payload: \(error)")
                }
                if let rain = TemperatureReading.rain(payload) { raining = rain }
            }
        }
    }

    /// Publishes today's recommendation again after a restart, or makes it now if its time has passed.
    private func startOfDay() {
        let now = Date()
        let todayName = schedule.localDate(of: now)
        if let today = try? desk.today(), today.recommendation.date == todayName {
            publish(today)
        } else {
            // Started after this morning's time: make today's recommendation now rather than tomorrow.
            let lastDue = schedule.nextDue(after: now.addingTimeInterval(-86_400))
            if lastDue <= now, schedule.localDate(of: lastDue) == todayName {
                recommend(temperature: settings.temperatureCelsius)
            }
        }
    }

    private func recommend(temperature: Double?, raining: Bool = false) {
        do {
            let today = try desk.recommend(at: Date(), temperatureCelsius: temperature, raining: raining)
            logger.info("recommendation \(today.recommendation.id): \(today.recommendation.outfits.count) outfits")
            publish(today)
        } catch {
            logger.error("cannot make today's recommendation: \(error)")
        }
    }

    private func handleFeedback(_ payload: [UInt8]) {
        let request: FeedbackRequest
        do {
            request = try FeedbackRequest.parse(payload)
        } catch {
            logger.warning("ignored feedback: \(error)")
            return
        }
        do {
            let outcome = try desk.apply(request)
            logger.info("feedback: \(outcome.message)")
            if outcome.changed { publish(outcome.today) }
        } catch {
            logger.warning("feedback not applied: \(error)")
        }
    }

    private func noteWornOutfits() {
        do {
            if let index = try desk.noteWornOutfits() { logger.info("the person wore recommended outfit \(index): accepted") }
        } catch {
            logger.error("cannot check worn outfits: \(error)")
        }
    }

    private func publish(_ today: RecommendationDesk.Today) {
        do {
            let payloads = try desk.payloads(today)
            channel.setRetained(channel.topics.outfitToday, payload: payloads.json)
            if let image = payloads.image { channel.setRetained(channel.topics.outfitTodayImage, payload: image) }
        } catch {
            logger.error("cannot publish the recommendation: \(error)")
        }
    }
}
