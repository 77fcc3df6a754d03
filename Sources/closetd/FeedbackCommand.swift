import ArgumentParser
import Daemon
import Foundation

/// `closetd feedback accept|reject|next`: answers today's recommendation, like the Home Assistant buttons.
struct FeedbackCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feedback",
        abstract: "Accept or reject today's recommended outfit, or show the next one.")

    @OptionGroup var global: GlobalOptions

    @Argument(help: "accept, reject or next")
    var action: String

    @Option(help: "The recommendation id (default: today's).")
    var recommendation: String?

    @Option(help: "The outfit number (default: the one shown).")
    var outfit: Int?

    @Flag(name: .customLong("no-publish"), help: "Do not publish the next outfit to the broker.")
    var noPublish = false

    func validate() throws {
        guard FeedbackRequestAction(rawValue: action) != nil else {
            throw ValidationError("action must be accept, reject or next, not '\(action)'")
        }
        if let outfit, outfit < 0 { throw ValidationError("--outfit must be 0 or more") }
    }

    func run() throws {
        let config = try global.loadConfig()
        let desk = try openDesk(config, schedule: MorningSchedule(config: config.recommend))
        let request = FeedbackRequest(recommendationID: recommendation, outfit: outfit, action: FeedbackRequestAction(rawValue: action)!)
        do {
            let outcome = try desk.apply(request)
            print(outcome.message)
            if outcome.changed {
                print(RecommendationTable.render(outcome.today))
                if !noPublish { publishToday(try desk.payloads(outcome.today), config: config) }
            }
        } catch let error as RecommendationDesk.RequestError {
            printError("closetd: \(error)")
            throw ExitCode(1)
        }
    }
}
