import Foundation
import Glibc
import Testing

@testable import Inventory
@testable import InventoryStore

@Suite("Writers killed with SIGKILL, and writers side by side", .serialized)
struct CrashTests {
    let torture = builtExecutable("inventory-torture")

    /// Starts inventory-torture; its acknowledgements go to `output`.
    func startWriter(
        state: String, tag: String, count: Int, compactEvery: Int, output: String,
        autoCompactBytes: Int = 4 << 20
    ) throws -> Process {
        _ = FileManager.default.createFile(atPath: output, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: torture)
        process.arguments = [
            "--state", state, "--tag", tag, "--count", String(count), "--compact-every", String(compactEvery),
            "--auto-compact-bytes", String(autoCompactBytes),
        ]
        process.standardOutput = FileHandle(forWritingAtPath: output)
        process.standardError =
            FileHandle(forWritingAtPath: output + ".err")
            ?? {
                _ = FileManager.default.createFile(atPath: output + ".err", contents: nil)
                return FileHandle(forWritingAtPath: output + ".err")!
            }()
        try process.run()
        return process
    }

    /// The acknowledged appends of a writer: complete lines only ("F r3-17", "I r3-19").
    func acknowledged(_ output: String) -> [String] {
        let text = String(decoding: contents(output) ?? [], as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeLast()  // after the last newline: empty, or a line cut short by the kill
        return lines
    }

    /// Every acknowledged record is in the store exactly once, and no record is there twice.
    func verify(_ store: InventoryStore, acknowledged: [String]) {
        var counts: [String: Int] = [:]
        for feedback in store.state.feedbackLog { counts["F " + feedback.recommendation, default: 0] += 1 }
        for item in store.state.items.values { counts["I " + (item.name ?? "?"), default: 0] += 1 }
        let twice = counts.filter { $0.value > 1 }.keys.sorted()
        #expect(twice.isEmpty, "records present twice: \(twice.prefix(5))")
        let missing = acknowledged.filter { counts[$0] == nil }
        #expect(missing.isEmpty, "acknowledged appends missing: \(missing.prefix(5))")
    }

    @Test func killedWritersLoseNoAppendThatReturned() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var all: [String] = []
        var rounds = 0
        var tornTails = 0
        // Thousands of appends, many crashes: at least 30 rounds and 3,000 acknowledged appends.
        while rounds < 30 || (all.count < 3000 && rounds < 200) {
            let output = folder.path + "/ack-\(rounds)"
            let writer = try startWriter(
                state: folder.path + "/state", tag: "r\(rounds)", count: 1_000_000, compactEvery: 97, output: output)
            usleep(UInt32.random(in: 20_000...400_000))
            kill(writer.processIdentifier, SIGKILL)
            writer.waitUntilExit()
            let errors = String(decoding: contents(output + ".err") ?? [], as: UTF8.self)
            #expect(writer.terminationReason == .uncaughtSignal, "writer exited by itself: \(errors)")
            all += acknowledged(output)
            let store = try InventoryStore(stateDirectory: folder.path + "/state")
            let warnings = store.takeWarnings()
            for warning in warnings {
                // The only thing a kill may leave is a torn last record, moved aside.
                #expect(warning.message.contains("moved to"), "unexpected warning: \(warning)")
                tornTails += 1
            }
            verify(store, acknowledged: all)
            rounds += 1
        }
        print("crash test: \(rounds) kills, \(all.count) acknowledged appends, \(tornTails) torn tails moved aside")
        #expect(all.count >= 1000)
    }

    @Test(arguments: [0, 40])
    func twoWritersAtOnceKeepEveryRecordAndTheSequence(compactEvery: Int) throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let state = folder.path + "/state"
        let count = 300
        let writers = try ["a", "b"].map { tag in
            try startWriter(
                state: state, tag: tag, count: count, compactEvery: compactEvery, output: folder.path + "/" + tag,
                autoCompactBytes: 1 << 30)
        }
        for writer in writers {
            writer.waitUntilExit()
            #expect(writer.terminationStatus == 0)
        }
        let store = try InventoryStore(stateDirectory: state)
        #expect(store.takeWarnings().isEmpty)
        let acknowledgements = acknowledged(folder.path + "/a") + acknowledged(folder.path + "/b")
        #expect(acknowledgements.count == 2 * count)
        verify(store, acknowledged: acknowledgements)
        #expect(store.state.feedbackLog.count + store.state.items.count == 2 * count)
        #expect(store.state.lastSequence == UInt64(2 * count))
        if compactEvery == 0 {
            // Every record in the journal, sequence numbers 1…600 in file order.
            let lines = String(
                decoding: contents(folder.paths.journal.replacingOccurrences(of: folder.path, with: state)) ?? [],
                as: UTF8.self
            )
            .split(separator: "\n")
            let sequences = lines.compactMap { line -> UInt64? in
                Array(line.utf8).withUnsafeBufferPointer { try? RecordLine.decode($0).sequence }
            }
            #expect(sequences == Array(1...UInt64(2 * count)))
        }
    }
}
