import ArgumentParser
import Daemon
import Logging

/// `closetd run --replay`: the perception pipeline over a recorded folder, then a summary on standard output.
enum ReplayRun {
    static func run(config: Config) throws {
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = Logger.Level(rawValue: config.logLevel) ?? .info
            return handler
        }
        let logger = Logger(label: "closetd.replay")
        do {
            let summary = try ClosetDaemon.replay(config: config, version: ClosetdVersion.string, logger: logger)
            for line in summary.lines { print(line) }
        } catch let error as ClosetDaemon.StartError {
            printError("closetd: \(error)")
            throw ExitCode(error.exitStatus)
        }
    }
}
