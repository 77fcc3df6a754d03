import Foundation
import Testing

@testable import Engine

/// `closetd model info|run|bench`, run as the built binary.
@Suite struct ModelCommandTests {
    static var closetd: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("closetd")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/closetd")
    }

    static var binaryExists: Bool { FileManager.default.isExecutableFile(atPath: closetd.path) }

    struct Result {
        var status: Int32
        var output: String
        var error: String
    }

    func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = Self.closetd
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: outData, as: UTF8.self),
            error: String(decoding: errData, as: UTF8.self))
    }

    var model: String { Fixtures.directory.appendingPathComponent("small_convnet.tflite").path }

    @Test(.enabled(if: binaryExists, "closetd is not built")) func runWritesTheReferenceOutput() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("closetd-run-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        for kernels in ["scalar", "auto"] {
            let result = try run([
                "model", "run", model, "--input", Fixtures.directory.appendingPathComponent("small_convnet_input.npy").path,
                "--output-dir", directory.path, "--kernels", kernels,
            ])
            #expect(result.status == 0, "\(result.error)")
            let output = try NumpyArray(bytes: [UInt8](try Data(contentsOf: directory.appendingPathComponent("0.npy"))))
            #expect(output == (try Fixtures.npy("small_convnet_expected.npy")))
        }
    }

    @Test(.enabled(if: binaryExists, "closetd is not built")) func infoReportsMACsAndArena() throws {
        let result = try run(["model", "info", model])
        #expect(result.status == 0)
        #expect(result.output.contains("CONV_2D v3"))
        #expect(result.output.contains("macs: "))
        #expect(result.output.contains("arena_bytes: "))
    }

    @Test(.enabled(if: binaryExists, "closetd is not built")) func benchEndsWithTheTimingLine() throws {
        let result = try run(["model", "bench", model, "--runs", "3", "--profile"])
        #expect(result.status == 0)
        let last = result.output.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last.hasPrefix("median_ms=") && last.contains(" min_ms=") && last.contains(" max_ms="), "\(last)")
    }

    @Test(.enabled(if: binaryExists, "closetd is not built")) func unknownOrUnavailableKernelsAreRefused() throws {
        let unknown = try run(["model", "info", model], environment: ["CLOSETD_KERNELS": "sse9"])
        #expect(unknown.status != 0)
        #expect(unknown.error.contains("unknown kernel variant 'sse9'"))
        if let missing = KernelVariant.allCases.first(where: { !$0.isAvailable }) {
            let result = try run(["model", "info", model, "--kernels", missing.rawValue])
            #expect(result.status != 0)
            #expect(result.error.contains("cannot run on this CPU"))
        }
    }

    @Test(.enabled(if: binaryExists, "closetd is not built")) func hostileModelIsAnErrorNotACrash() throws {
        let result = try run(["model", "info", Fixtures.directory.appendingPathComponent("hostile_cycle.tflite").path])
        #expect(result.status == 65)
        #expect(result.error.contains("before any operator writes it"))
    }
}
