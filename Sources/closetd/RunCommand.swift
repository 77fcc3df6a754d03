import ArgumentParser
import Daemon

/// `closetd run`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: watch the camera, log outfits, publish recommendations over MQTT.")

    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let config = try global.loadConfig()
        let reloadable = fileExists(global.config) ? global.config : nil
        do {
            try await ClosetDaemon.run(config: config, configPath: reloadable, version: ClosetdVersion.string)
        } catch let error as ClosetDaemon.StartError {
            printError("closetd: \(error)")
            throw ExitCode(error.exitStatus)
        }
    }
}
