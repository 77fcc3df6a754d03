import Glibc
import Inventory

/// The store's mutable part, always used under the store's mutex and, for anything touching the files,
/// under the file lock.
struct StoreCore {
    let paths: StorePaths
    let options: InventoryStore.Options
    let lock: FileLock
    var journal: JournalFile
    var state = InventoryState()
    var schema = InventorySchema.current
    var through: UInt64 = 0
    var snapshotIdentity: FileIdentity?
    var journalIdentity: FileIdentity?
    /// Bytes of the journal already applied to `state`.
    var journalOffset = 0
    /// The line number of the journal line at `journalOffset`.
    var journalLine = 1
    var loaded = false
    var warnings: [LoadWarning] = []
    var injectedFailure: InjectedWriteFailure?

    init(paths: StorePaths, options: InventoryStore.Options) throws(SystemError) {
        self.paths = paths
        self.options = options
        try FileIO.makeDirectories(paths.inventoryDirectory)
        try FileIO.makeDirectories(paths.thumbnailsDirectory)
        lock = try FileLock(path: paths.lock)
        journal = try JournalFile(path: paths.journal)
    }

    /// Runs `body` holding the file lock, after catching up with what other processes wrote.
    mutating func locked<T>(_ body: (inout StoreCore) throws -> T) throws -> T {
        try lock.acquire()
        defer { lock.release() }
        try refresh()
        return try body(&self)
    }

    // MARK: Loading

    /// Catches up with the files: a full load the first time or after another process replaced the snapshot,
    /// otherwise the journal records appended since the last look.
    mutating func refresh() throws {
        let onDisk = FileIdentity.of(path: paths.journal)
        if onDisk == nil || onDisk?.inode != journalIdentity?.inode || onDisk?.device != journalIdentity?.device {
            if onDisk == nil || journalIdentity != nil { journal = try JournalFile(path: paths.journal) }
            journalIdentity = try journal.identity
            loaded = false
        }
        if loaded, FileIdentity.of(path: paths.snapshot) == snapshotIdentity {
            let size = try journal.size
            if size == journalOffset { return }
            if size > journalOffset {
                try readJournal()
                return
            }
        }
        try fullLoad()
    }

    private mutating func fullLoad() throws {
        loaded = false
        state = InventoryState()
        journalOffset = 0
        journalLine = 1
        if FileIO.exists(paths.snapshot) {
            let descriptor = try systemCall("open", path: paths.snapshot) { open(paths.snapshot, O_RDONLY | O_CLOEXEC) }
            defer { close(descriptor) }
            snapshotIdentity = try FileIdentity.of(descriptor: descriptor, path: paths.snapshot)
            let bytes = try FileIO.readAll(descriptor, path: paths.snapshot, from: 0)
            let restored = try bytes.withUnsafeBufferPointer { buffer throws(InventoryFormatError) in
                try InventoryState.restore(snapshot: buffer, file: StorePaths.snapshotName)
            }
            state = restored.state
            schema = restored.header.schema
            through = restored.header.through
            warnings += restored.warnings
        } else {
            schema = InventorySchema.current
            through = 0
            if try journal.size == 0 {
                // A new store: write the empty snapshot at once, so the schema version is on disk before any record.
                try FileIO.replaceAtomically(path: paths.snapshot, with: state.snapshotBytes(created: LocalClock.now()))
                snapshotIdentity = FileIdentity.of(path: paths.snapshot)
            } else {
                snapshotIdentity = nil
                warnings.append(
                    LoadWarning(
                        file: StorePaths.snapshotName, line: nil,
                        message: "missing; loading the journal alone (records before it are lost)"))
            }
        }
        try readJournal()
        loaded = true
        if schema < InventorySchema.current { try compact() }
    }

    /// Applies the journal from `journalOffset` to its end; a torn last record is moved aside.
    private mutating func readJournal() throws {
        let bytes = try journal.read(from: journalOffset)
        if bytes.isEmpty { return }
        let (scan, found) = bytes.withUnsafeBufferPointer { buffer in
            state.replay(
                buffer, firstLineNumber: journalLine, schema: schema, through: through, file: StorePaths.journalName)
        }
        warnings += found
        if let torn = scan.tornTail {
            moveAside(
                Array(bytes[torn.line.offset...]), from: journalOffset + torn.line.offset, line: torn.line.number,
                reason: torn.reason)
            journalLine = torn.line.number
        } else {
            journalLine = scan.nextLineNumber
        }
        journalOffset += scan.goodEnd
    }

    /// Appends a torn tail to the `.corrupt` file, then cuts it off the journal. Should that fail (a full
    /// disk), the tail stays, the failure is reported, and appends are refused until it succeeds.
    private mutating func moveAside(_ tail: [UInt8], from offset: Int, line: Int, reason: String) {
        do {
            try appendToCorruptFile(tail)
            try journal.truncate(to: offset)
            warnings.append(
                LoadWarning(
                    file: StorePaths.journalName, line: line,
                    message: "\(reason): \(tail.count) bytes moved to \(StorePaths.corruptName)"))
        } catch {
            warnings.append(
                LoadWarning(
                    file: StorePaths.journalName, line: line,
                    message: "\(reason); could not move it aside (\(error)); writes are refused until it is"))
        }
    }

    private func appendToCorruptFile(_ bytes: [UInt8]) throws(SystemError) {
        let path = paths.corrupt
        let descriptor = try systemCall("open", path: path) {
            open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o640)
        }
        defer { close(descriptor) }
        var text = bytes
        if text.last != 0x0A { text.append(0x0A) }
        try FileIO.writeAll(
            descriptor, path: path, text, failure: injectedFailure.flatMap { $0.target == .any ? $0 : nil })
        try systemCall("fdatasync", path: path) { fdatasync(descriptor) }
    }

    // MARK: Writing

    /// Checks `changes` against the current state, appends their records durably, then applies them.
    /// Nothing is applied or left in the journal when anything fails.
    mutating func append(_ changes: [InventoryChange]) throws {
        guard !changes.isEmpty else { return }
        // One change is checked in place; a batch is applied to a copy first (its changes may depend on each
        // other). No copy for the single case: copying the state would make the apply below duplicate it.
        var next: InventoryState?
        if changes.count == 1 {
            try state.check(changes[0])
        } else {
            var copy = state
            for change in changes { try copy.apply(change) }
            next = copy
        }
        var bytes: [UInt8] = []
        var sequence = state.lastSequence
        for change in changes {
            sequence += 1
            bytes += RecordLine.encode(sequence: sequence, kind: change.kind, data: RecordCoding.encode(change))
        }
        guard try journal.size == journalOffset else { throw StoreError.tornTailNotRepaired(path: paths.journal) }
        try journal.append(bytes, expectedEnd: journalOffset, failure: injected(for: .journal))
        if changes.count == 1 {
            do { try state.apply(changes[0]) } catch {
                preconditionFailure("a checked change failed to apply: \(error)")
            }
        } else if let next {
            state = next
        }
        state.advanceSequence(to: sequence)
        journalOffset += bytes.count
        journalLine += changes.count
        journalIdentity = try journal.identity
        if journalOffset > options.compactAfterBytes {
            do { try compact() } catch {
                warnings.append(
                    LoadWarning(
                        file: StorePaths.snapshotName, line: nil, message: "automatic compaction failed: \(error)"))
            }
        }
    }

    /// Writes the whole state as a new snapshot (atomically) and empties the journal. Unreadable journal lines
    /// are first copied to the `.corrupt` file, so compaction never loses a record.
    mutating func compact() throws {
        let journalBytes = Array(try journal.read(from: 0).prefix(journalOffset))
        let scan = journalBytes.withUnsafeBufferPointer { JournalScan.scan($0) }
        var unreadable: [UInt8] = []
        for case .unreadable(let line, _) in scan.entries {
            unreadable += journalBytes[line.offset..<(line.offset + line.length)]
        }
        if !unreadable.isEmpty { try appendToCorruptFile(unreadable) }
        let bytes = state.snapshotBytes(created: LocalClock.now())
        try FileIO.replaceAtomically(path: paths.snapshot, with: bytes, failure: injected(for: .snapshot))
        // The snapshot now holds every record: records left in the journal (if truncation fails or a crash
        // comes first) have sequence numbers it covers and are passed over on load.
        schema = InventorySchema.current
        through = state.lastSequence
        snapshotIdentity = FileIdentity.of(path: paths.snapshot)
        do {
            try journal.truncate(to: 0)
            journalOffset = 0
            journalLine = 1
        } catch {
            loaded = false
            throw error
        }
    }

    private func injected(for target: InjectedWriteFailure.Target) -> InjectedWriteFailure? {
        guard let failure = injectedFailure, failure.target == target || failure.target == .any else { return nil }
        return failure
    }
}
