import Camera
import Foundation
import Inventory
import InventoryStore
import Logging
import MQTT
import ServiceLifecycle
import UnixSignals

/// `closetd run`: opens the state, connects to the broker, tells systemd it is ready and runs the services until
/// SIGTERM/SIGINT.
public enum ClosetDaemon {
    /// Why the daemon could not start; `exitStatus` follows sysexits.h.
    public struct StartError: Error, CustomStringConvertible {
        public var description: String
        public var exitStatus: Int32
    }

    /// Runs the daemon; returns when it has shut down.
    /// - Parameter configPath: the file SIGHUP reloads, or nil when running on built-in defaults.
    public static func run(config: Config, configPath: String?, version: String) async throws {
        let environment = ProcessInfo.processInfo.environment
        let levelControl = LogLevelControl(Logger.Level(rawValue: config.logLevel) ?? .info)
        let toJournal = environment["JOURNAL_STREAM"] != nil
        LoggingSystem.bootstrap { JournalLogHandler(label: $0, level: levelControl, toJournal: toJournal) }
        let logger = Logger(label: "closetd")
        let notifier = SystemdNotifier(environment: environment)
        logger.info("closetd \(version) starting: device \(config.deviceID), state \(config.stateDirectory)")

        let topics = Topics(
            baseTopic: config.mqtt.baseTopic, deviceID: config.deviceID, discoveryPrefix: config.mqtt.discoveryPrefix)
        let channel: DeviceChannel
        do {
            let settings = try mqttSettings(config)
            channel = try DeviceChannel(
                settings: settings, topics: topics, outboxFolder: config.stateDirectory + "/outbox",
                discoveryPayload: config.mqtt.discoveryEnabled
                    ? HomeAssistantDiscovery.payload(topics: topics, softwareVersion: version) : nil,
                logger: Logger(label: "closetd.mqtt"))
        } catch let error as StartError {
            throw error
        } catch {
            throw StartError(description: "cannot open the state folder \(config.stateDirectory): \(error)", exitStatus: 73)
        }

        let store: InventoryStore
        do {
            store = try InventoryStore(stateDirectory: config.stateDirectory)
        } catch {
            // A newer schema or unreadable files: touching the person's data would risk it.
            throw StartError(description: "cannot open the inventory in \(config.stateDirectory): \(error)", exitStatus: 65)
        }
        for warning in store.takeWarnings() { logger.warning("inventory: \(warning)") }

        let status = DaemonStatus(version: version) { snapshot in
            guard let data = try? JSONEncoder.sorted.encode(snapshot) else { return }
            channel.setRetained(topics.state, payload: [UInt8](data))
        }
        InventorySummary.publish(store.state, to: status)
        channel.setRetained(topics.state, payload: [UInt8]((try? JSONEncoder.sorted.encode(status.current)) ?? Data()))

        try channel.start()
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        notifier.notify("READY=1\nSTATUS=Running: broker \(config.mqtt.host):\(config.mqtt.port)")
        logger.info("ready")

        let schedule = MorningSchedule(config: config.recommend)
        let desk: RecommendationDesk
        do {
            desk = try RecommendationDesk(store: store, stateDirectory: config.stateDirectory, timeZone: schedule.timeZone)
        } catch {
            throw StartError(description: "cannot open \(config.stateDirectory)/recommender: \(error)", exitStatus: 73)
        }

        let camera = CameraSupervisor(
            settings: cameraSettings(config.camera), logger: Logger(label: "closetd.camera"),
            onState: { state in status.update { $0.camera = state.summary } })

        let perception = loadPerception(config: config, store: store, channel: channel, status: status, logger: logger)
        let watchdog = Watchdog(notifier: notifier, environment: environment, processID: getpid())
        if let interval = watchdog.pingInterval { logger.info("systemd watchdog: pinging every \(interval)") }
        let services: [any Service] = [
            MQTTService(channel: channel),
            camera,
            WorkLoopService(
                status: status, watchdog: watchdog, channel: channel, store: store, camera: camera,
                statsIntervalSeconds: config.mqtt.statsIntervalSeconds, logger: logger, perception: perception),
            RecommendationService(
                desk: desk, channel: channel, schedule: schedule, settings: config.recommend,
                logger: Logger(label: "closetd.recommend")),
            ReloadService(
                hangups: hangups, configPath: configPath, running: config, notifier: notifier, logLevel: levelControl, logger: logger),
            ShutdownNotifierService(
                notifier: notifier, status: status, timeoutSeconds: config.shutdownTimeoutSeconds, logger: logger),
        ]
        var groupConfiguration = ServiceGroupConfiguration(
            services: services.map { .init(service: $0) }, gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "closetd.services"))
        groupConfiguration.maximumGracefulShutdownDuration = .seconds(config.shutdownTimeoutSeconds)
        try await ServiceGroup(configuration: groupConfiguration).run()
        logger.info("stopped")
    }

    /// The camera supervisor's settings from the configuration.
    static func cameraSettings(_ camera: Config.Camera) -> CameraSettings {
        var settings = CameraSettings()
        settings.device = camera.device
        settings.width = camera.width
        settings.height = camera.height
        settings.framesPerSecond = camera.framesPerSecond
        settings.buffers = camera.buffers
        settings.replay = camera.replay
        settings.noFrameTimeoutSeconds = Double(camera.noFrameTimeoutSeconds)
        return settings
    }

    /// The MQTT client settings from the configuration (reads the password file).
    public static func mqttSettings(_ config: Config) throws -> MQTTSettings {
        var password = config.mqtt.password
        if let file = config.mqtt.passwordFile {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw StartError(description: "mqtt.password_file: cannot read \(file)", exitStatus: ConfigError.exitStatus)
            }
            password = String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        }
        return MQTTSettings(
            host: config.mqtt.host, port: config.mqtt.port, clientID: config.effectiveClientID,
            username: config.mqtt.username, password: password, keepaliveSeconds: config.mqtt.keepaliveSeconds,
            caFile: config.mqtt.tls.caFile, certFile: config.mqtt.tls.certFile, keyFile: config.mqtt.tls.keyFile)
    }
}

extension JSONEncoder {
    /// JSON with sorted keys: stable bytes for retained payloads.
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
