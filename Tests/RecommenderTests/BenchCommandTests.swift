import Foundation
import Testing

/// `closetd bench recommend` run as a user would: its output and exit status.
@Suite struct BenchCommandTests {
    /// The built `closetd`: beside the test bundle, else `.build/debug/closetd` under the package root.
    static let binary: String? = {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("closetd").path
        if FileManager.default.isExecutableFile(atPath: beside) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let debug = root.appendingPathComponent(".build/debug/closetd").path
        return FileManager.default.isExecutableFile(atPath: debug) ? debug : nil
    }()

    static func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary!)
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let outData = output.fileHandleForReading.readDataToEndOfFile()
        let errData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (
            process.terminationStatus, String(decoding: outData, as: UTF8.self),
            String(decoding: errData, as: UTF8.self)
        )
    }

    @Test(.enabled(if: binary != nil, "the closetd binary is not built"))
    func benchPrintsTheMedianAndRacesTheExhaustiveSearch() throws {
        let result = try Self.run(["bench", "recommend", "--items", "60", "--runs", "3", "--json"])
        #expect(result.status == 0, "\(result.errors)")
        #expect(result.output.contains("recommend top 3: 60 items"))
        #expect(result.output.range(of: #"median [0-9]+\.[0-9]+ ms"#, options: .regularExpression) != nil)
        #expect(
            result.output.range(of: #"exhaustive search median [0-9.]+ ms: [0-9.]+x"#, options: .regularExpression)
                != nil)
        let json = try #require(result.output.split(separator: "\n").first { $0.hasPrefix("{") })
        let payload = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect((payload?["outfits"] as? [Any])?.count == 3)
    }

    @Test(.enabled(if: binary != nil, "the closetd binary is not built"))
    func badArgumentsAreRefused() throws {
        let result = try Self.run(["bench", "recommend", "--items", "0"])
        #expect(result.status == 64)
        #expect(result.errors.contains("--items must be positive"))
    }
}
