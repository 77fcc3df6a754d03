import Foundation

/// What `closetd camera list` shows: the V4L2 capture nodes, their formats, sizes and rates.
public enum V4L2Inventory {
    /// One format of a device with its sizes and, per size, its rates.
    public struct Format: Sendable {
        public var fourcc: String
        public var description: String
        /// Converted by libv4l2 rather than sent by the camera.
        public var emulated: Bool
        public var sizes: [(width: Int, height: Int, framesPerSecond: [Double])]
    }

    /// One device node.
    public struct Device: Sendable {
        public var path: String
        public var driver: String
        public var card: String
        public var bus: String
        public var formats: [Format]
    }

    /// The /dev/video* nodes, in order.
    public static func devicePaths() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: "/dev")) ?? []
        return names.filter { $0.hasPrefix("video") }.sorted {
            (Int($0.dropFirst(5)) ?? 0) < (Int($1.dropFirst(5)) ?? 0)
        }.map { "/dev/\($0)" }
    }

    /// Describes a capture node; throws when it cannot be opened, or is no capture node (CameraError .unsupported).
    public static func describe(_ path: String) throws -> Device {
        let device = try V4L2Device(path: path)
        defer { device.close() }
        let caps = try device.capabilities()
        guard caps.caps & 0x1 != 0 else {  // V4L2_CAP_VIDEO_CAPTURE
            throw CameraError(.unsupported, "\(path) (\(caps.card)) is not a capture node")
        }
        var formats: [Format] = []
        for format in try device.formats() {
            let sizes = device.frameSizes(format.fourcc).map { size in
                (size.width, size.height, device.frameRates(format.fourcc, width: size.width, height: size.height))
            }
            formats.append(
                Format(fourcc: fourccString(format.fourcc), description: format.description, emulated: format.emulated,
                       sizes: sizes))
        }
        return Device(path: path, driver: caps.driver, card: caps.card, bus: caps.bus, formats: formats)
    }
}
