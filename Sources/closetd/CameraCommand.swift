import ArgumentParser
import Camera
import Daemon
import Foundation

/// `closetd camera`: look at the cameras.
struct CameraCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "camera",
        abstract: "List the cameras or grab a frame from one.",
        subcommands: [List.self, Grab.self])

    /// `closetd camera list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the V4L2 capture devices with their formats, sizes and frame rates.")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let paths = V4L2Inventory.devicePaths()
            if paths.isEmpty {
                print("no V4L2 devices (/dev/video*)")
                return
            }
            for path in paths {
                do {
                    let device = try V4L2Inventory.describe(path)
                    print("\(device.path)  \(device.card)  (\(device.driver), \(device.bus))")
                    for format in device.formats {
                        print("  \(format.fourcc)  \(format.description)\(format.emulated ? "  [converted by libv4l2]" : "")")
                        for size in format.sizes {
                            let rates = size.framesPerSecond.map { rate in
                                rate == rate.rounded() ? String(Int(rate)) : String(format: "%.1f", rate)
                            }
                            print("    \(size.width)x\(size.height)\(rates.isEmpty ? "" : "  \(rates.joined(separator: ", ")) fps")")
                        }
                    }
                } catch let error as CameraError where error.code == .unsupported {
                    continue  // metadata nodes of UVC cameras
                } catch {
                    print("\(path)  cannot be opened: \(error)")
                }
            }
        }
    }

    /// `closetd camera grab`.
    struct Grab: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Capture one frame and write it as JPEG (to set the mirror up).")

        @OptionGroup var global: GlobalOptions

        @Option(name: .long, help: "The device (default: camera.device of the configuration).")
        var device: String?

        @Option(name: .long, help: "The JPEG file to write.")
        var out: String

        @Option(name: .long, help: "Frames to let pass first, while the exposure settles.")
        var skip: Int = 5

        func validate() throws {
            guard skip >= 0 else { throw ValidationError("--skip must be 0 or more") }
        }

        func run() throws {
            let config = try global.loadConfig()
            let source = V4L2FrameSource(
                device: device ?? config.camera.device, width: config.camera.width, height: config.camera.height,
                framesPerSecond: config.camera.framesPerSecond, bufferCount: config.camera.buffers)
            do {
                let jpeg = try FrameGrabber.grabJPEG(from: source, skipFrames: skip)
                try Data(jpeg).write(to: URL(fileURLWithPath: out))
                if let n = source.negotiated {
                    print("wrote \(out): \(n.format.rawValue) \(n.width)x\(n.height), \(jpeg.count) bytes")
                }
            } catch {
                printError("closetd: camera grab: \(error)")
                throw ExitCode(1)
            }
        }
    }
}
