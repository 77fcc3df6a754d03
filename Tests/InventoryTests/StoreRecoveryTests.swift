import Foundation
import Glibc
import Testing

@testable import Inventory
@testable import InventoryStore

@Suite("Store: recovery from torn and corrupt records, schema versions, catching up with other writers")
struct StoreRecoveryTests {
    /// A store with three items and two wears, all in the journal.
    func makeStore(_ folder: TemporaryFolder) throws -> InventoryStore {
        let store = try InventoryStore(stateDirectory: folder.path)
        let a = try store.addItem(category: .jeans, colour: .blue)
        let b = try store.addItem(category: .tshirts, colour: .white)
        try store.addItem(category: .coats, colour: .black)
        try store.logWear([a.id, b.id], on: CalendarDate("2026-11-20")!, source: .manual)
        try store.logWear([a.id], on: CalendarDate("2026-11-21")!, source: .camera)
        return store
    }

    func journalLines(_ folder: TemporaryFolder) -> [String] {
        String(decoding: contents(folder.paths.journal) ?? [], as: UTF8.self).split(separator: "\n").map(String.init)
    }

    @Test func aTornLastRecordIsMovedAsideAndEverythingBeforeItLoads() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        _ = try makeStore(folder)
        let good = contents(folder.paths.journal)!
        let torn = Array(#"{"seq":6,"kind":"wear","data":{"date":"2026-1"#.utf8)
        overwrite(folder.paths.journal, Data(good + torn))

        let store = try InventoryStore(stateDirectory: folder.path)
        let warnings = store.takeWarnings()
        #expect(warnings.count == 1)
        #expect(warnings.first?.line == 6)
        #expect(warnings.first?.message.contains("moved to inventory/journal.jsonl.corrupt") == true)
        #expect(store.state.items.count == 3 && store.state.wearLog.count == 2 && store.state.lastSequence == 5)
        #expect(contents(folder.paths.journal) == good)
        #expect(contents(folder.paths.corrupt) == torn + [0x0A])
        // Appending continues after the good part, and the next load is clean.
        try store.addItem(category: .skirts, colour: .red)
        let again = try InventoryStore(stateDirectory: folder.path)
        #expect(again.takeWarnings().isEmpty)
        #expect(again.state.items.count == 4 && again.state.lastSequence == 6)
    }

    @Test func aCorruptLastLineWithItsNewlineIsMovedAsideToo() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        _ = try makeStore(folder)
        var lines = journalLines(folder)
        lines[4] = lines[4].replacingOccurrences(of: "2026-11-21", with: "2026-11-22")
        overwrite(folder.paths.journal, Data((lines.joined(separator: "\n") + "\n").utf8))
        let store = try InventoryStore(stateDirectory: folder.path)
        let warnings = store.takeWarnings()
        #expect(warnings.count == 1 && warnings[0].message.contains("checksum mismatch"))
        #expect(store.state.wearLog.count == 1 && store.state.lastSequence == 4)
        #expect(String(decoding: contents(folder.paths.corrupt)!, as: UTF8.self) == lines[4] + "\n")
    }

    @Test func aCorruptMiddleRecordIsReportedSkippedAndKeptUntilCompactionMovesItAside() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        _ = try makeStore(folder)
        var lines = journalLines(folder)
        lines[1] = lines[1].replacingOccurrences(of: "white", with: "black")
        let damaged = Data((lines.joined(separator: "\n") + "\n").utf8)
        overwrite(folder.paths.journal, damaged)

        let store = try InventoryStore(stateDirectory: folder.path)
        let warnings = store.takeWarnings()
        #expect(warnings.count == 2)
        #expect(warnings[0].line == 2 && warnings[0].message.contains("corrupt record skipped"))
        // The wear that names the lost item is reported, not silently dropped.
        #expect(warnings[1].line == 4 && warnings[1].message.contains("no item i-0002"))
        #expect(store.state.items.keys.map(\.number).sorted() == [1, 3])
        #expect(store.state.wearLog.count == 1 && store.state.lastSequence == 5)
        #expect(contents(folder.paths.journal).map { Data($0) } == damaged)
        #expect(!FileIO.exists(folder.paths.corrupt))
        // Every load says so again until a compaction, which keeps the record in the .corrupt file.
        #expect(try InventoryStore(stateDirectory: folder.path).takeWarnings().count == 2)
        try store.compact()
        #expect(String(decoding: contents(folder.paths.corrupt)!, as: UTF8.self) == lines[1] + "\n")
        let compacted = try InventoryStore(stateDirectory: folder.path)
        #expect(compacted.takeWarnings().isEmpty)
        #expect(compacted.state.items.count == 2 && compacted.state.lastSequence == 5)
    }

    @Test func aStoreFromANewerSchemaIsRefusedUntouched() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        _ = try makeStore(folder)
        let header = SnapshotHeader(
            schema: InventorySchema.current + 1, through: 0, nextItem: 1, created: LocalClock.now())
        let snapshot = RecordLine.encode(sequence: nil, kind: "snapshot", data: header.data)
        overwrite(folder.paths.snapshot, Data(snapshot))
        let journal = contents(folder.paths.journal)!
        #expect(throws: InventoryFormatError.futureSchema(file: "inventory/snapshot.jsonl", found: 2, supported: 1)) {
            _ = try InventoryStore(stateDirectory: folder.path)
        }
        #expect(contents(folder.paths.snapshot) == snapshot)
        #expect(contents(folder.paths.journal) == journal)
    }

    @Test func anUnreadableSnapshotHeaderIsRefusedUntouched() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try makeStore(folder)
        try store.compact()
        var snapshot = contents(folder.paths.snapshot)!
        snapshot[20] ^= 0x01
        overwrite(folder.paths.snapshot, Data(snapshot))
        #expect(throws: InventoryFormatError.self) { _ = try InventoryStore(stateDirectory: folder.path) }
        #expect(contents(folder.paths.snapshot) == snapshot)
    }

    @Test func compactionKeepsEveryRecordAndSequenceNumbersKeepGrowing() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try makeStore(folder)
        let before = store.state
        try store.compact()
        #expect(contents(folder.paths.journal)?.isEmpty == true)
        let reloaded = try InventoryStore(stateDirectory: folder.path)
        #expect(reloaded.state.items == before.items && reloaded.state.wearLog == before.wearLog)
        try reloaded.addItem(category: .bags, colour: .brown)
        #expect(journalLines(folder).first?.hasPrefix(#"{"seq":6,"#) == true)
    }

    @Test func journalRecordsTheSnapshotAlreadyHoldsArePassedOver() throws {
        // A compaction that crashed after the rename but before emptying the journal.
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try makeStore(folder)
        let journal = contents(folder.paths.journal)!
        try store.compact()
        overwrite(folder.paths.journal, Data(journal))
        let reloaded = try InventoryStore(stateDirectory: folder.path)
        #expect(reloaded.takeWarnings().isEmpty)
        #expect(reloaded.state.wearLog.count == 2 && reloaded.state.items.count == 3)
    }

    @Test func aSecondStoreSeesWhatTheFirstWroteIncludingAfterACompaction() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let daemon = try makeStore(folder)
        let cli = try InventoryStore(stateDirectory: folder.path)
        try cli.addItem(category: .dresses, colour: .green)
        #expect(daemon.state.items.count == 3)
        try daemon.refresh()
        #expect(daemon.state.items.count == 4)
        try cli.compact()
        try cli.addItem(category: .shoes, colour: .black)
        // The daemon's next change sees the CLI's first: ids never collide.
        let added = try daemon.addItem(category: .shorts, colour: .grey)
        #expect(added.id == ItemID(number: 6))
        #expect(daemon.state.items.count == 6 && daemon.state.lastSequence == 8)
        try cli.refresh()
        #expect(cli.state.items.count == 6)
    }

    @Test func secondWearOfAnItemOnADateIsNotWritten() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try makeStore(folder)
        let size = contents(folder.paths.journal)!.count
        #expect(try store.logWear([ItemID(number: 1)], on: CalendarDate("2026-11-21")!, source: .manual) == nil)
        #expect(contents(folder.paths.journal)!.count == size)
        let partial = try store.logWear(
            [ItemID(number: 1), ItemID(number: 3)], on: CalendarDate("2026-11-21")!, source: .manual)
        #expect(partial?.items == [ItemID(number: 3)])
    }

    @Test func aTornTailThatCannotBeMovedAsideBlocksWritesUntilItCan() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try makeStore(folder)
        let good = contents(folder.paths.journal)!
        overwrite(folder.paths.journal, Data(good + Array(#"{"seq":6,"ki"#.utf8)))
        store.injectWriteFailure(InjectedWriteFailure(target: .any, bytesBeforeFailure: 0))
        try store.refresh()
        let warnings = store.takeWarnings()
        #expect(warnings.count == 1 && warnings[0].message.contains("could not move it aside"))
        #expect(throws: StoreError.self) { try store.addItem(category: .tops, colour: .red) }
        #expect(contents(folder.paths.journal) == good + Array(#"{"seq":6,"ki"#.utf8))
        store.injectWriteFailure(nil)
        try store.addItem(category: .tops, colour: .red)
        #expect(store.takeWarnings().last?.message.contains("moved to") == true)
        let reloaded = try InventoryStore(stateDirectory: folder.path)
        #expect(reloaded.takeWarnings().isEmpty && reloaded.state.items.count == 4)
    }

    @Test func aMissingSnapshotLoadsTheJournalAloneWithAWarning() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        _ = try makeStore(folder)
        try FileManager.default.removeItem(atPath: folder.paths.snapshot)
        let store = try InventoryStore(stateDirectory: folder.path)
        let warnings = store.takeWarnings()
        #expect(warnings.count == 1 && warnings[0].message.contains("missing; loading the journal alone"))
        #expect(store.state.items.count == 3 && store.state.wearLog.count == 2)
        try store.compact()
        #expect(try InventoryStore(stateDirectory: folder.path).takeWarnings().isEmpty)
    }
}
