import Logging
import ServiceLifecycle
import UnixSignals

/// Reloads the configuration on SIGHUP: what can change at run time changes; what needs a restart is logged as such.
///
/// The SIGHUP trap is made by the caller before READY=1, so a reload requested right after start is not lost.
struct ReloadService: Service {
    let hangups: UnixSignalsSequence
    let configPath: String?
    let running: Config
    let notifier: SystemdNotifier
    let logLevel: LogLevelControl
    let logger: Logger

    func run() async throws {
        var current = running
        for await _ in hangups.cancelOnGracefulShutdown() {
            guard let configPath else {
                logger.notice("SIGHUP: no configuration file to reload (running on built-in defaults)")
                continue
            }
            notifier.notify("RELOADING=1\nSTATUS=Reloading \(configPath)")
            do {
                var fresh = try Config.load(path: configPath)
                fresh.stateDirectory = current.stateDirectory  // --state keeps precedence
                let restartNeeded = Self.changesNeedingRestart(from: current, to: fresh)
                logLevel.current = Logger.Level(rawValue: fresh.logLevel) ?? .info
                current = fresh
                logger.notice("reloaded \(configPath)")
                if !restartNeeded.isEmpty {
                    logger.warning("changed \(restartNeeded.joined(separator: ", ")): takes effect after a restart")
                }
                notifier.notify("READY=1\nSTATUS=Running (configuration reloaded)")
            } catch {
                logger.error("reload failed, keeping the running configuration: \(error)")
                notifier.notify("READY=1\nSTATUS=Running (reload failed: \(error))")
            }
        }
    }

    /// The settings that only a restart applies.
    static func changesNeedingRestart(from old: Config, to new: Config) -> [String] {
        var fields: [String] = []
        if old.deviceID != new.deviceID { fields.append("device_id") }
        if old.mqtt != new.mqtt { fields.append("mqtt") }
        if old.camera != new.camera { fields.append("camera") }
        if old.modelsDirectory != new.modelsDirectory { fields.append("models_dir") }
        if old.shutdownTimeoutSeconds != new.shutdownTimeoutSeconds { fields.append("shutdown_timeout_seconds") }
        if old.recommend != new.recommend { fields.append("recommend") }
        return fields
    }
}
