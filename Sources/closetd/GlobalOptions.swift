import ArgumentParser
import Daemon

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The configuration file.")
    var config: String = Config.defaultPath

    @Option(name: .long, help: "The state folder (overrides state_dir in the configuration).")
    var state: String?

    /// Loads the configuration; a missing default file gives the built-in defaults, a bad one exits 78.
    func loadConfig() throws -> Config {
        var result: Config
        do {
            if config == Config.defaultPath, !fileExists(config) {
                result = Config()
            } else {
                result = try Config.load(path: config)
            }
        } catch {
            printError("closetd: configuration error: \(error)")
            throw ExitCode(ConfigError.exitStatus)
        }
        if let state { result.stateDirectory = state }
        return result
    }
}
