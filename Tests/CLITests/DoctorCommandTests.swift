import Foundation
import Testing
import TestSupport

@Suite(.enabled(if: MosquittoBroker.isAvailable, "mosquitto is not installed"))
struct DoctorCommandTests {
    /// `realModels`: the committed models-int8 folder; otherwise a folder with a bogus model and no manifest.
    func doctor(_ folder: TestFolder, port: Int, frames: Bool, realModels: Bool) throws -> (status: Int32?, out: String) {
        let replay = folder.file("frames")
        try FileManager.default.createDirectory(atPath: replay, withIntermediateDirectories: true)
        if frames { folder.write("frames/20261123T071502.250.jpg", "not really a jpeg") }
        try FileManager.default.createDirectory(atPath: folder.file("models"), withIntermediateDirectories: true)
        folder.write("models/pose.tflite", "x")
        let models = realModels ? packageRoot + "/models-int8" : folder.file("models")
        let config = folder.write(
            "c.yaml",
            "models_dir: \(models)\ncamera:\n  replay: \(replay)\nmqtt:\n  host: 127.0.0.1\n  port: \(port)\n")
        let child = try ChildProcess(closetdExecutable, ["doctor", "--config", config, "--state", folder.file("state")], logFolder: folder.path)
        return (child.wait(seconds: 120), child.standardOutput)
    }

    @Test func allChecksPassWithABrokerAFrameSourceAndModels() throws {
        let broker = try MosquittoBroker()
        let folder = TestFolder("doctor")
        let result = try doctor(folder, port: broker.port, frames: true, realModels: true)
        #expect(result.status == 0, "\(result.out)")
        let lines = result.out.split(separator: "\n")
        #expect(lines.count == 5 && lines.allSatisfy { $0.hasPrefix("ok") }, "\(result.out)")
    }

    @Test func eachFailureHasItsLineAndTheExitIsNonZero() throws {
        let folder = TestFolder("doctor")
        let result = try doctor(folder, port: freeLoopbackPort(), frames: false, realModels: false)
        #expect(result.status == 1)
        #expect(result.out.contains("FAIL  broker") && result.out.contains("Connection refused"), "\(result.out)")
        #expect(result.out.contains("FAIL  camera") && result.out.contains("0 JPEG frames"), "\(result.out)")
        #expect(result.out.contains("ok    state"), "\(result.out)")
        #expect(result.out.contains("FAIL  models") && result.out.contains("manifest.json"), "\(result.out)")
    }
}
