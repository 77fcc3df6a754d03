import ArgumentParser
import Daemon

/// `closetd config default|check`.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Print the default configuration or check a configuration file.",
        subcommands: [Default.self, Check.self]
    )

    struct Default: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the commented default configuration.")
        func run() {
            print(Config.defaultYAML, terminator: "")
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file: exit 0 when it is usable, 78 with the reason when not.")

        @Argument(help: "The configuration file to check.")
        var file: String

        func run() throws {
            do {
                let config = try Config.load(path: file)
                print("\(file): ok (device \(config.deviceID), broker \(config.mqtt.host):\(config.mqtt.port))")
            } catch {
                printError("closetd: configuration error: \(error)")
                throw ExitCode(ConfigError.exitStatus)
            }
        }
    }
}
