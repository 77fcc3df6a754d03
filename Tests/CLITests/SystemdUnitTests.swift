import Foundation
import Testing
import TestSupport

/// The shipped unit file, checked by systemd's own tools (no running systemd needed).
@Suite(.enabled(if: which("systemd-analyze") != nil, "systemd-analyze is not installed"))
struct SystemdUnitTests {
    /// The unit with ExecStart pointing at the built binary (verify fails when the binary is missing).
    func preparedUnit(_ folder: TestFolder) throws -> String {
        let text = try String(contentsOfFile: packageRoot + "/systemd/closetd.service", encoding: .utf8)
        return folder.write("closetd.service", text.replacingOccurrences(of: "/usr/local/bin/closetd", with: closetdExecutable))
    }

    @Test func verifyPrintsNothing() throws {
        let folder = TestFolder("unit")
        let unit = try preparedUnit(folder)
        let verify = try ChildProcess(which("systemd-analyze")!, ["verify", unit], logFolder: folder.path)
        #expect(verify.wait(seconds: 60) == 0)
        // verify exits 0 on unknown keys and bad values: only an empty report means a clean unit.
        #expect(verify.standardError.isEmpty, "\(verify.standardError)")
        #expect(verify.standardOutput.isEmpty, "\(verify.standardOutput)")
    }

    @Test func securityExposureIsAtMostTwo() throws {
        let folder = TestFolder("unit")
        let unit = try preparedUnit(folder)
        let analyse = try ChildProcess(which("systemd-analyze")!, ["security", "--offline=true", "--no-pager", unit], logFolder: folder.path)
        _ = analyse.wait(seconds: 60)
        let output = analyse.standardOutput + analyse.standardError
        let line = try #require(output.split(separator: "\n").first { $0.contains("Overall exposure level") }, "\(output)")
        let score = line.split(separator: ":").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces).split(separator: " ")[0]) }
        print("systemd-analyze security: \(line)")
        #expect(score != nil && score! <= 2.0, "\(line)")
    }

    @Test func unitKeepsTheDecisionsTheDaemonRelieson() throws {
        let text = try String(contentsOfFile: packageRoot + "/systemd/closetd.service", encoding: .utf8)
        for line in ["Type=notify", "RestartPreventExitStatus=78", "StateDirectory=closetd", "ConfigurationDirectory=closetd",
                     "DeviceAllow=char-video4linux rw", "SupplementaryGroups=video", "Restart=on-failure"] {
            #expect(text.contains(line + "\n"), "missing \(line)")
        }
        #expect(text.range(of: #"WatchdogSec=\d+"#, options: .regularExpression) != nil)
    }
}
