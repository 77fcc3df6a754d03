/// Turning the state into a snapshot's bytes, and rebuilding it from a snapshot and a journal.
extension InventoryState {
    /// The full text of a snapshot of this state: the header, then items, aliases, the wear log and the
    /// feedback log, one record per line.
    public func snapshotBytes(created: Timestamp) -> [UInt8] {
        let header = SnapshotHeader(
            schema: InventorySchema.current, through: lastSequence, nextItem: nextItemNumber, created: created)
        var bytes = RecordLine.encode(sequence: nil, kind: "snapshot", data: header.data)
        for id in items.keys.sorted() {
            bytes += RecordLine.encode(sequence: nil, kind: "item", data: RecordCoding.encode(items[id]!))
        }
        for alias in aliases.keys.sorted() {
            let data = JSONValue.object([
                ("from", .string(alias.description)), ("to", .string(aliases[alias]!.description)),
            ])
            bytes += RecordLine.encode(sequence: nil, kind: "alias", data: data)
        }
        for wear in wearLog { bytes += RecordLine.encode(sequence: nil, kind: "wear", data: RecordCoding.encode(wear)) }
        for feedback in feedbackLog {
            bytes += RecordLine.encode(sequence: nil, kind: "feedback", data: RecordCoding.encode(feedback))
        }
        return bytes
    }

    /// Rebuilds the state a snapshot holds. Unreadable lines are skipped with a warning each; a snapshot whose
    /// header is unreadable or from another schema version throws.
    public static func restore(snapshot bytes: UnsafeBufferPointer<UInt8>, file: String) throws(InventoryFormatError)
        -> (state: InventoryState, header: SnapshotHeader, warnings: [LoadWarning])
    {
        try restore(snapshot: bytes, file: file, exactWears: false)
    }

    /// `exactWears` applies wears one by one (the reference the faster path is tested against and falls back to).
    static func restore(snapshot bytes: UnsafeBufferPointer<UInt8>, file: String, exactWears: Bool)
        throws(InventoryFormatError) -> (state: InventoryState, header: SnapshotHeader, warnings: [LoadWarning])
    {
        var builder = WornDatesBuilder(exact: exactWears)
        var state = InventoryState()
        var header: SnapshotHeader?
        var failure: InventoryFormatError?
        var warnings: [LoadWarning] = []
        var unknownWearItems = 0
        // One pass, each line applied as it is read: a large snapshot is never held twice in memory.
        let scan = JournalScan.scan(bytes) { entry in
            guard failure == nil else { return }
            guard let schema = header?.schema else {
                do throws(InventoryFormatError) {
                    let read = try readHeader(entry, file: file)
                    header = read
                    state.lastSequence = read.through
                    state.nextItemNumber = read.nextItem
                } catch {
                    failure = error
                }
                return
            }
            switch entry {
            case .unreadable(let line, let failure):
                warnings.append(
                    LoadWarning(file: file, line: line.number, message: "unreadable line skipped: \(failure)"))
            case .record(let line, let record):
                if let wear = record.wear, schema == InventorySchema.current {
                    unknownWearItems += builder.restoreWear(wear, into: &state)
                    return
                }
                do throws(RecordFailure) {
                    let (kind, data) = try InventorySchema.migrate(kind: record.kind, data: record.data, from: schema)
                    switch kind {
                    case "item": builder.restoreItem(try RecordCoding.decodeItem(data), into: &state)
                    case "wear":
                        unknownWearItems += builder.restoreWear(try RecordCoding.decodeWear(data), into: &state)
                    case "feedback": state.restoreFeedback(try RecordCoding.decodeFeedback(data))
                    case "alias":
                        let fields = try RecordFields(data)
                        state.restoreAlias(from: try fields.itemID("from"), to: try fields.itemID("to"))
                    default: throw RecordFailure("unexpected record kind \"\(kind)\" in a snapshot")
                    }
                } catch {
                    warnings.append(LoadWarning(file: file, line: line.number, message: "record skipped: \(error)"))
                }
            }
        }
        if let failure { throw failure }
        guard let header else { throw .unreadableHeader(file: file, reason: scan.tornTail?.reason ?? "empty file") }
        if !builder.finish(into: &state) { return try restore(snapshot: bytes, file: file, exactWears: true) }
        if let torn = scan.tornTail {
            warnings.append(LoadWarning(file: file, line: torn.line.number, message: "\(torn.reason); skipped"))
        }
        if unknownWearItems > 0 {
            warnings.append(
                LoadWarning(
                    file: file, line: nil,
                    message: "\(unknownWearItems) wear log entries name items the snapshot does not hold; left out"))
        }
        return (state, header, warnings)
    }

    /// The snapshot header from the first line, checked against the schema versions this closetd can read.
    private static func readHeader(_ entry: JournalScan.Entry, file: String) throws(InventoryFormatError)
        -> SnapshotHeader
    {
        let first: RecordLine.Decoded
        switch entry {
        case .unreadable(_, let failure): throw .unreadableHeader(file: file, reason: failure.reason)
        case .record(_, let record): first = record
        }
        guard first.kind == "snapshot" else { throw .unreadableHeader(file: file, reason: "not a snapshot header") }
        let header: SnapshotHeader
        do { header = try SnapshotHeader(decoding: first.data) } catch {
            throw .unreadableHeader(file: file, reason: error.reason)
        }
        if header.schema > InventorySchema.current {
            throw .futureSchema(file: file, found: header.schema, supported: InventorySchema.current)
        }
        if !InventorySchema.canRead(header.schema) { throw .unsupportedSchema(file: file, found: header.schema) }
        return header
    }

    /// Reads journal bytes and applies their records in order, as they are read (see `replay(_:schema:…)`).
    /// Returns the scan (torn tail, where the good part ends) and the warnings.
    public mutating func replay(
        _ bytes: UnsafeBufferPointer<UInt8>, firstLineNumber: Int, schema: Int, through: UInt64, file: String
    ) -> (scan: JournalScan, warnings: [LoadWarning]) {
        var progress = ReplayProgress(schema: schema, through: through, file: file)
        let scan = JournalScan.scan(bytes, firstLineNumber: firstLineNumber) { entry in replay(entry, &progress) }
        return (scan, progress.warnings)
    }

    /// Applies the journal records of `scan` in order. Records the snapshot already holds (sequence ≤ `through`,
    /// left behind by an interrupted compaction) are passed over; anything else that cannot be used is skipped
    /// with a warning naming the line. The torn tail is the caller's to handle.
    public mutating func replay(_ scan: JournalScan, schema: Int, through: UInt64, file: String) -> [LoadWarning] {
        var progress = ReplayProgress(schema: schema, through: through, file: file)
        for entry in scan.entries { replay(entry, &progress) }
        return progress.warnings
    }

    private struct ReplayProgress {
        let schema: Int
        let through: UInt64
        let file: String
        var warnings: [LoadWarning] = []
        var unreadableSinceLastRecord = false
    }

    private mutating func replay(_ entry: JournalScan.Entry, _ progress: inout ReplayProgress) {
        let file = progress.file
        switch entry {
        case .unreadable(let line, let failure):
            progress.warnings.append(
                LoadWarning(
                    file: file, line: line.number, message: "corrupt record skipped: \(failure) (kept in the file)"))
            progress.unreadableSinceLastRecord = true
        case .record(let line, let record):
            guard let sequence = record.sequence else {
                progress.warnings.append(
                    LoadWarning(file: file, line: line.number, message: "record without a sequence number skipped"))
                return
            }
            if sequence <= progress.through { return }
            if sequence <= lastSequence {
                progress.warnings.append(
                    LoadWarning(
                        file: file, line: line.number,
                        message: "sequence number \(sequence) does not follow \(lastSequence); record skipped"))
                return
            }
            if sequence > lastSequence + 1, !progress.unreadableSinceLastRecord {
                progress.warnings.append(
                    LoadWarning(
                        file: file, line: line.number,
                        message: "records \(lastSequence + 1)…\(sequence - 1) are missing before this one"))
            }
            progress.unreadableSinceLastRecord = false
            lastSequence = sequence
            do throws(RecordFailure) {
                let change: InventoryChange
                if let wear = record.wear, progress.schema == InventorySchema.current {
                    change = .wear(wear)
                } else {
                    let (kind, data) = try InventorySchema.migrate(
                        kind: record.kind, data: record.data, from: progress.schema)
                    change = try RecordCoding.decodeChange(kind: kind, data: data)
                }
                do throws(InventoryError) { try apply(change) } catch {
                    throw RecordFailure("cannot apply: \(error)")
                }
            } catch {
                progress.warnings.append(
                    LoadWarning(file: file, line: line.number, message: "record \(sequence) skipped: \(error)"))
            }
        }
    }
}
