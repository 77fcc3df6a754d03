import Foundation
import Testing
import TestSupport

/// `closetd camera` on this machine (no /dev/video*: the VM tests cover a real device).
@Suite struct CameraCommandTests {
    @Test func grabFromAMissingDeviceFailsWithAClearMessage() throws {
        let folder = TestFolder("camera")
        let out = folder.file("frame.jpg")
        let child = try ChildProcess(
            closetdExecutable, ["camera", "grab", "--device", "/dev/video-missing", "--out", out], logFolder: folder.path)
        #expect(child.wait(seconds: 20) == 1)
        let stderr = (try? String(contentsOfFile: child.stderrPath, encoding: .utf8)) ?? ""
        #expect(stderr.contains("/dev/video-missing") && stderr.contains("No such file"), "\(stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func grabNeedsAnOutputFile() throws {
        let folder = TestFolder("camera")
        let child = try ChildProcess(closetdExecutable, ["camera", "grab"], logFolder: folder.path)
        #expect(child.wait(seconds: 20) == 64)
    }

    @Test(.enabled(if: !FileManager.default.fileExists(atPath: "/dev/video0"), "this machine has a camera"))
    func listWithoutCamerasSaysSo() throws {
        let folder = TestFolder("camera")
        let child = try ChildProcess(closetdExecutable, ["camera", "list"], logFolder: folder.path)
        #expect(child.wait(seconds: 20) == 0)
        #expect(child.standardOutput.contains("no V4L2 devices"))
    }
}
