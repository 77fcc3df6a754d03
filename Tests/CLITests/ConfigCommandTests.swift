import Foundation
import Testing
import TestSupport

@Suite struct ConfigCommandTests {
    func run(_ arguments: [String], in folder: TestFolder) throws -> (status: Int32?, out: String, err: String) {
        let child = try ChildProcess(closetdExecutable, arguments, logFolder: folder.path)
        let status = child.wait(seconds: 20)
        return (status, child.standardOutput, child.standardError)
    }

    @Test func defaultConfigurationChecksClean() throws {
        let folder = TestFolder("cfg")
        let printed = try run(["config", "default"], in: folder)
        #expect(printed.status == 0 && printed.out.contains("device_id: mirror"))
        let file = folder.write("default.yaml", printed.out)
        let checked = try run(["config", "check", file], in: folder)
        #expect(checked.status == 0, "\(checked.err)")
        #expect(checked.out.contains("ok"))
    }

    @Test(arguments: [
        ("camera:\n  widht: 640\n", "camera.widht", "unknown key"),
        ("mqtt:\n  keepalive_seconds: 1\n", "mqtt.keepalive_seconds = '1'", "between 5 and 3600"),
        ("recommend:\n  time: 7am\n", "recommend.time = '7am'", "HH:MM"),
        ("device_id: a/b\n", "device_id = 'a/b'", "letters, digits"),
    ])
    func badFieldExits78WithFieldValueAndReason(yaml: String, field: String, reason: String) throws {
        let folder = TestFolder("cfg")
        let file = folder.write("bad.yaml", yaml)
        let result = try run(["config", "check", file], in: folder)
        #expect(result.status == 78)
        #expect(result.err.contains(file) && result.err.contains(field) && result.err.contains(reason), "\(result.err)")
    }

    @Test func missingFileExits78() throws {
        let folder = TestFolder("cfg")
        let result = try run(["config", "check", folder.file("absent.yaml")], in: folder)
        #expect(result.status == 78 && result.err.contains("cannot read"))
    }
}
