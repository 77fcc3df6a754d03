import Foundation
import Glibc
import Testing

@testable import Inventory
@testable import InventoryStore

/// Whether this machine lets the tests mount a small tmpfs (root, and mount(2) allowed in this container).
let canMountTmpfs: Bool = {
    guard geteuid() == 0 else { return false }
    let folder = TemporaryFolder()
    defer { folder.remove() }
    guard mount("tmpfs", folder.path, "tmpfs", 0, "size=64k") == 0 else { return false }
    umount2(folder.path, Int32(MNT_DETACH))
    return true
}()

@Suite("Store on a full disk: a clear error, the store unchanged and still loadable", .serialized)
struct FullDiskTests {
    /// Fills the store with large items until an append fails; checks each failure left the journal and the
    /// state exactly as before, then that compaction fails cleanly too and the store reloads.
    func fillUntilFull(_ store: InventoryStore, _ paths: StorePaths) throws -> SystemError {
        let notes = String(repeating: "n", count: 3000)
        for _ in 0..<100_000 {
            let journalBefore = contents(paths.journal)
            let stateBefore = store.state
            do {
                try store.addItem(category: .tops, colour: .red) { $0.notes = notes }
            } catch let error as SystemError {
                #expect(error.isOutOfSpace)
                #expect(error.description.contains("disk is full"))
                #expect(contents(paths.journal) == journalBefore, "the failed append left bytes in the journal")
                #expect(store.state.lastSequence == stateBefore.lastSequence)
                #expect(store.state.items == stateBefore.items)
                return error
            }
        }
        Issue.record("the disk never filled")
        return SystemError(function: "", path: "", errno: 0)
    }

    func expectCleanCompactionFailureAndReload(_ store: InventoryStore, _ paths: StorePaths) throws {
        let snapshotBefore = contents(paths.snapshot)
        let journalBefore = contents(paths.journal)
        #expect(throws: SystemError.self) { try store.compact() }
        #expect(contents(paths.snapshot) == snapshotBefore)
        #expect(contents(paths.journal) == journalBefore)
        #expect(!FileIO.exists(paths.snapshot + ".tmp"))
        let reloaded = try InventoryStore(stateDirectory: paths.stateDirectory)
        #expect(reloaded.takeWarnings().isEmpty)
        #expect(reloaded.state.items == store.state.items)
        #expect(reloaded.state.lastSequence == store.state.lastSequence)
    }

    @Test(
        .enabled(
            if: canMountTmpfs,
            "needs root and permission to mount a tmpfs; the injected-ENOSPC test covers the same path"))
    func aRealFullTmpfs() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let mountpoint = folder.path + "/small"
        mkdir(mountpoint, 0o755)
        try #require(mount("tmpfs", mountpoint, "tmpfs", 0, "size=192k") == 0)
        defer { umount2(mountpoint, Int32(MNT_DETACH)) }
        let paths = StorePaths(stateDirectory: mountpoint)
        let store = try InventoryStore(stateDirectory: mountpoint)
        let error = try fillUntilFull(store, paths)
        #expect(error.errno == ENOSPC)
        #expect(store.state.items.count > 10)
        try expectCleanCompactionFailureAndReload(store, paths)
    }

    @Test func injectedOutOfSpaceMidRecord() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let store = try InventoryStore(stateDirectory: folder.path)
        for _ in 0..<20 { try store.addItem(category: .jeans, colour: .blue) }
        // The write is cut short 25 bytes into the record, then fails as a full disk does.
        store.injectWriteFailure(InjectedWriteFailure(target: .journal, bytesBeforeFailure: 25))
        let error = try fillUntilFull(store, folder.paths)
        #expect(error.errno == ENOSPC && error.function == "write")
        #expect(throws: SystemError.self) {
            try store.logWear([ItemID(number: 1)], on: CalendarDate("2026-11-23")!, source: .manual)
        }
        #expect(store.state.wearLog.isEmpty)
        store.injectWriteFailure(InjectedWriteFailure(target: .snapshot, bytesBeforeFailure: 100))
        try expectCleanCompactionFailureAndReload(store, folder.paths)
        // Space again: writing carries on where it stopped.
        store.injectWriteFailure(nil)
        try store.addItem(category: .coats, colour: .black)
        try store.compact()
        let reloaded = try InventoryStore(stateDirectory: folder.path)
        #expect(reloaded.state.items.count == 21 && reloaded.state.lastSequence == 21)
    }
}
