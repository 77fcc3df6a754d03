import Foundation
import MQTT
import Perception

#if canImport(Glibc)
import Glibc
#endif

/// `closetd doctor`: checks what the daemon needs, one line each.
public enum Doctor {
    /// One check's outcome.
    public struct Check: Sendable {
        public var name: String
        public var passed: Bool
        public var detail: String
    }

    /// Runs every check against `config`.
    public static func run(config: Config) -> [Check] {
        [camera(config), models(config), stateFolder(config), broker(config)]
    }

    static func camera(_ config: Config) -> Check {
        if let replay = config.camera.replay {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: replay, isDirectory: &isFolder) else {
                return Check(name: "camera", passed: false, detail: "replay source \(replay) does not exist")
            }
            if isFolder.boolValue {
                let frames = ((try? FileManager.default.contentsOfDirectory(atPath: replay)) ?? [])
                    .filter { $0.lowercased().hasSuffix(".jpg") || $0.lowercased().hasSuffix(".jpeg") }
                return Check(name: "camera", passed: !frames.isEmpty, detail: "replay folder \(replay): \(frames.count) JPEG frames")
            }
            return Check(name: "camera", passed: true, detail: "replay file \(replay)")
        }
        let device = config.camera.device
        var info = stat()
        guard stat(device, &info) == 0 else {
            return Check(name: "camera", passed: false, detail: "\(device): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFCHR else {
            return Check(name: "camera", passed: false, detail: "\(device) is not a character device")
        }
        let fd = open(device, O_RDWR | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            return Check(name: "camera", passed: false, detail: "\(device): cannot open: \(String(cString: strerror(errno))) (is the user in group video?)")
        }
        close(fd)
        return Check(name: "camera", passed: true, detail: "\(device) opens")
    }

    /// Loads the models as the daemon does: the folder's manifest, each file's SHA-256, its contract, the engine.
    static func models(_ config: Config) -> Check {
        let folder = config.modelsDirectory
        do {
            let macs = try PerceptionModels(folder: folder).macs
            let millions = [macs.pose, macs.detector, macs.garment].map { String(format: "%.1f", Double($0) / 1e6) }
            return Check(name: "models", passed: true,
                         detail: "\(folder): pose, detector, garment (\(millions.joined(separator: " / ")) M MACs); sha256 and contracts checked")
        } catch {
            return Check(name: "models", passed: false, detail: error.description)
        }
    }

    static func stateFolder(_ config: Config) -> Check {
        let folder = config.stateDirectory
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            let probe = folder + "/.doctor-\(getpid())"
            guard FileManager.default.createFile(atPath: probe, contents: Data("ok".utf8)) else {
                return Check(name: "state", passed: false, detail: "\(folder) is not writable")
            }
            try FileManager.default.removeItem(atPath: probe)
            var info = statvfs()
            let free = statvfs(folder, &info) == 0 ? Double(info.f_bavail) * Double(info.f_frsize) / 1_073_741_824 : -1
            return Check(name: "state", passed: true, detail: "\(folder) writable, \(String(format: "%.1f", free)) GiB free")
        } catch {
            return Check(name: "state", passed: false, detail: "\(folder): \(error.localizedDescription)")
        }
    }

    static func broker(_ config: Config) -> Check {
        let address = "\(config.mqtt.host):\(config.mqtt.port)\(config.mqtt.tls.enabled ? " (TLS)" : "")"
        do {
            var settings = try ClosetDaemon.mqttSettings(config)
            settings.clientID += "-doctor"
            if let problem = MQTTProbe.problem(settings: settings) {
                return Check(name: "broker", passed: false, detail: "\(address): \(problem)")
            }
            return Check(name: "broker", passed: true, detail: "\(address) accepts the connection")
        } catch {
            return Check(name: "broker", passed: false, detail: "\(address): \(error)")
        }
    }
}
