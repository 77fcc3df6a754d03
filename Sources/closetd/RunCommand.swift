import ArgumentParser
import Daemon

/// `closetd run`: the daemon.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the daemon: watch the camera, log outfits, publish recommendations over MQTT.")

    @OptionGroup var global: GlobalOptions

    @Flag(
        help: ArgumentHelp(
            "Play the folder source (camera.replay, or --source) to its end as fast as possible, with the file names' "
                + "timestamps as the clock, into the inventory; print a summary and exit."))
    var replay = false

    @Option(help: "With --replay: the folder of timestamped JPEGs (overrides camera.replay).")
    var source: String?

    func validate() throws {
        if source != nil && !replay { throw ValidationError("--source goes with --replay") }
    }

    func run() async throws {
        var config = try global.loadConfig()
        if replay {
            if let source { config.camera.replay = source }
            try ReplayRun.run(config: config)
            return
        }
        let reloadable = fileExists(global.config) ? global.config : nil
        do {
            try await ClosetDaemon.run(config: config, configPath: reloadable, version: ClosetdVersion.string)
        } catch let error as ClosetDaemon.StartError {
            printError("closetd: \(error)")
            throw ExitCode(error.exitStatus)
        }
    }
}
