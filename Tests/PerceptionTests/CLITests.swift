import Foundation
import Inventory
import Testing
import TestSupport

/// `closetd run --replay` and `closetd ingest` as a user runs them, on the stand-in models of Fixtures/models (they
/// always see the same person and garments: these tests check the plumbing, clock, files and errors, not
/// recognition).
@Suite struct PerceptionCLITests {
    static let fixtureModels = SampleTruth.packageRoot.appendingPathComponent("Tests/PerceptionTests/Fixtures/models").path
    static let sampleFrames = SampleTruth.folder.appendingPathComponent("frames").path

    /// Generous: the condition (the child's exit), not the time, ends the wait. Under a loaded machine, with other
    /// suites' children running, the debug build's replay took over two minutes.
    func run(_ arguments: [String], in folder: TestFolder, seconds: Double = 600) throws -> (status: Int32?, out: String, err: String) {
        let child = try ChildProcess(EndToEndScenarioTests.binary, arguments, logFolder: folder.path)
        let status = child.wait(seconds: seconds)
        return (status, child.standardOutput, child.standardError)
    }

    /// A configuration with the fixture models, a state folder in `folder` and no broker.
    func config(_ folder: TestFolder, models: String = fixtureModels) -> String {
        folder.write("closetd.yaml", "models_dir: \(models)\nstate_dir: \(folder.path)/state\nmqtt:\n  port: 1\n")
    }

    func state(_ folder: TestFolder) throws -> InventoryState {
        let list = try run(["inventory", "list", "--json", "--config", folder.file("closetd.yaml")], in: folder)
        #expect(list.status == 0, "\(list.err)")
        let store = try InventoryStoreReader.read(folder.path + "/state")
        return store
    }

    /// Linux carries a spawning process's peak memory across fork and exec into getrusage's ru_maxrss: with this
    /// test holding 256 MB while it starts the replay, the replay must still report only its own peak.
    @Test func replayReportsItsOwnPeakMemoryNotItsParents() throws {
        let ballast = UnsafeMutableRawBufferPointer.allocate(byteCount: 256 << 20, alignment: 4096)
        defer { ballast.deallocate() }
        for offset in stride(from: 0, to: ballast.count, by: 4096) { ballast[offset] = 1 }
        let folder = TestFolder("replay-rss")
        let result = try run(["run", "--replay", "--source", Self.sampleFrames, "--config", config(folder)], in: folder)
        #expect(result.status == 0, "\(result.err)")
        let field = try #require(result.out.split(whereSeparator: \.isWhitespace).first { $0.hasPrefix("peak_rss_mb=") })
        let megabytes = try #require(Int(field.dropFirst("peak_rss_mb=".count)))
        #expect(megabytes > 0 && megabytes < 256, "\(result.out)")
    }

    @Test func replayPlaysTheFolderToItsEndWithFileNameTimesAsTheClock() throws {
        let folder = TestFolder("replay")
        let result = try run(["run", "--replay", "--source", Self.sampleFrames, "--config", config(folder)], in: folder)
        #expect(result.status == 0, "\(result.err)")
        #expect(result.out.contains("replay: 87 frames"), "\(result.out)")
        #expect(result.out.contains("decode_ms=") && result.out.contains("classification_ms="))
        let inventory = try state(folder)
        #expect(!inventory.items.isEmpty)
        // Wear dates come from the file names (2026-03-02 … 04), not from today.
        let frameDates = Set(
            try FileManager.default.contentsOfDirectory(atPath: Self.sampleFrames).map { name -> String in
                let d = Array(name.prefix(8))
                return "\(String(d[0..<4]))-\(String(d[4..<6]))-\(String(d[6..<8]))"
            })
        let wearDates = Set(inventory.wearLog.map(\.date.description))
        #expect(!wearDates.isEmpty && wearDates.isSubset(of: frameDates), "\(wearDates) vs \(frameDates)")
        // Same item on the same day from several sessions: one wear per item and date.
        var pairs = Set<String>()
        for wear in inventory.wearLog {
            for item in wear.items { #expect(pairs.insert("\(item) \(wear.date)").inserted) }
        }
        // Worn events wait in the outbox for a broker.
        let events = try String(contentsOfFile: folder.path + "/state/outbox/events.jsonl", encoding: .utf8)
        let payloads = try events.split(separator: "\n").map { line -> [String: Any] in
            let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect((record["topic"] as? String)?.hasSuffix("/outfit/worn") == true)
            return try JSONSerialization.jsonObject(with: Data((record["payload"] as! String).utf8)) as! [String: Any]
        }
        #expect(!payloads.isEmpty && payloads.allSatisfy { $0["event_type"] as? String == "worn" })
        #expect(payloads.count == inventory.wearLog.count)
        try Self.expectNoFrameInStateFolder(folder.path + "/state")
    }

    /// No file in the state folder is a JPEG as large as a frame (480×640).
    static func expectNoFrameInStateFolder(_ path: String) throws {
        let enumerator = FileManager.default.enumerator(atPath: path)
        var thumbnails = 0
        while let name = enumerator?.nextObject() as? String {
            let full = path + "/" + name
            guard let data = FileManager.default.contents(atPath: full), data.starts(with: [0xFF, 0xD8]) else { continue }
            let bytes = [UInt8](data)
            var i = 2
            while i + 9 < bytes.count {
                guard bytes[i] == 0xFF else { i += 1; continue }
                let marker = bytes[i + 1]
                if marker == 0xD8 || marker == 0x01 || (0xD0...0xD7).contains(marker) { i += 2; continue }
                let length = Int(bytes[i + 2]) << 8 | Int(bytes[i + 3])
                if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                    let h = Int(bytes[i + 5]) << 8 | Int(bytes[i + 6]), w = Int(bytes[i + 7]) << 8 | Int(bytes[i + 8])
                    #expect(max(w, h) <= 160, "\(full) is \(w)×\(h)")
                    thumbnails += 1
                    break
                }
                i += 2 + length
            }
        }
        #expect(thumbnails > 0)
    }

    @Test func replayNeedsAFolder() throws {
        let folder = TestFolder("replay")
        let cfg = config(folder)
        let none = try run(["run", "--replay", "--config", cfg], in: folder)
        #expect(none.status == 64 && none.err.contains("camera.replay"), "\(none.err)")
        let missing = try run(["run", "--replay", "--source", folder.file("absent"), "--config", cfg], in: folder)
        #expect(missing.status == 66 && missing.err.contains("absent"), "\(missing.err)")
        let stray = try run(["run", "--source", folder.path, "--config", cfg], in: folder)
        #expect(stray.status == 64 && stray.err.contains("--replay"))
        let noModels = try run(
            ["run", "--replay", "--source", Self.sampleFrames, "--config", config(folder, models: folder.file("nothing"))],
            in: folder)
        #expect(noModels.status == 69 && noModels.err.contains("models"), "\(noModels.err)")
    }

    @Test func ingestArgumentErrors() throws {
        let folder = TestFolder("ingest")
        let cfg = config(folder)
        let empty = try run(["ingest", "--config", cfg], in: folder)
        #expect(empty.status == 64 && empty.err.contains("at least one photo"))
        let photo = SampleTruth.folder.appendingPathComponent("frames/20260302T071403.766.jpg").path
        let badDate = try run(["ingest", photo, "--worn-on", "2026-02-30", "--config", cfg], in: folder)
        #expect(badDate.status == 64 && badDate.err.contains("--worn-on"))
        // A missing path stops everything before the store is touched.
        let missing = try run(["ingest", photo, folder.file("nope.jpg"), "--config", cfg], in: folder)
        #expect(missing.status == 66 && missing.err.contains("nope.jpg") && missing.err.contains("nothing was ingested"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/state/inventory"))
    }

    @Test func ingestSkipsBadFilesKeepsTheRestAndLogsWears() throws {
        let folder = TestFolder("ingest")
        let cfg = config(folder)
        let photo = SampleTruth.folder.appendingPathComponent("frames/20260302T071403.766.jpg").path
        let broken = folder.write("broken.jpg", "this is not a JPEG")
        var truncated = [UInt8](try Data(contentsOf: URL(fileURLWithPath: photo)))
        truncated = Array(truncated.prefix(300))
        _ = FileManager.default.createFile(atPath: folder.file("truncated.jpg"), contents: Data(truncated))
        let result = try run(
            ["ingest", broken, photo, folder.file("truncated.jpg"), "--worn-on", "2026-01-15", "--config", cfg], in: folder)
        #expect(result.status == 65, "\(result.err)")
        #expect(result.err.contains("broken.jpg") && result.err.contains("truncated.jpg"))
        #expect(result.out.contains("ingested 1 of 3 photos") && result.out.contains("2 skipped"), "\(result.out)")
        // Not a terminal: no progress bar.
        #expect(!result.err.contains("["))
        let inventory = try state(folder)
        let created = inventory.items.count
        #expect(created >= 1)
        #expect(inventory.wearLog.map(\.date.description) == ["2026-01-15"])
        #expect(inventory.wearLog.first?.source == .ingest)

        // The same photo again is recognised, not added twice.
        let again = try run(["ingest", photo, "--config", cfg], in: folder)
        #expect(again.status == 0 && again.out.contains("0 items added"), "\(again.out)")
        #expect(try state(folder).items.count == created)
        try Self.expectNoFrameInStateFolder(folder.path + "/state")
    }
}
