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
        let scan = JournalScan.scan(bytes)
        var entries = scan.entries[...]
        guard case .record(_, let first)? = entries.first else {
            if case .unreadable(_, let failure)? = entries.first {
                throw .unreadableHeader(file: file, reason: failure.reason)
            }
            throw .unreadableHeader(file: file, reason: scan.tornTail?.reason ?? "empty file")
        }
        entries = entries.dropFirst()
        guard first.kind == "snapshot" else { throw .unreadableHeader(file: file, reason: "not a snapshot header") }
        let header: SnapshotHeader
        do { header = try SnapshotHeader(decoding: first.data) } catch {
            throw .unreadableHeader(file: file, reason: error.reason)
        }
        if header.schema > InventorySchema.current {
            throw .futureSchema(file: file, found: header.schema, supported: InventorySchema.current)
        }
        if !InventorySchema.canRead(header.schema) { throw .unsupportedSchema(file: file, found: header.schema) }

        var state = InventoryState()
        state.lastSequence = header.through
        state.nextItemNumber = header.nextItem
        var warnings: [LoadWarning] = []
        var unknownWearItems = 0
        for entry in entries {
            switch entry {
            case .unreadable(let line, let failure):
                warnings.append(LoadWarning(file: file, line: line.number, message: "unreadable line skipped: \(failure)"))
            case .record(let line, let record):
                if let wear = record.wear, header.schema == InventorySchema.current {
                    unknownWearItems += state.applyWear(wear, updateLaundry: false)
                    continue
                }
                do throws(RecordFailure) {
                    let (kind, data) = try InventorySchema.migrate(kind: record.kind, data: record.data, from: header.schema)
                    switch kind {
                    case "item": state.restoreItem(try RecordCoding.decodeItem(data))
                    case "wear": unknownWearItems += state.applyWear(try RecordCoding.decodeWear(data), updateLaundry: false)
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

    /// Applies the journal records of `scan` in order. Records the snapshot already holds (sequence ≤ `through`,
    /// left behind by an interrupted compaction) are passed over; anything else that cannot be used is skipped
    /// with a warning naming the line. The torn tail is the caller's to handle.
    public mutating func replay(_ scan: JournalScan, schema: Int, through: UInt64, file: String) -> [LoadWarning] {
        var warnings: [LoadWarning] = []
        var unreadableSinceLastRecord = false
        for entry in scan.entries {
            switch entry {
            case .unreadable(let line, let failure):
                warnings.append(
                    LoadWarning(file: file, line: line.number, message: "corrupt record skipped: \(failure) (kept in the file)"))
                unreadableSinceLastRecord = true
            case .record(let line, let record):
                guard let sequence = record.sequence else {
                    warnings.append(LoadWarning(file: file, line: line.number, message: "record without a sequence number skipped"))
                    continue
                }
                if sequence <= through { continue }
                if sequence <= lastSequence {
                    warnings.append(
                        LoadWarning(
                            file: file, line: line.number,
                            message: "sequence number \(sequence) does not follow \(lastSequence); record skipped"))
                    continue
                }
                if sequence > lastSequence + 1, !unreadableSinceLastRecord {
                    warnings.append(
                        LoadWarning(
                            file: file, line: line.number,
                            message: "records \(lastSequence + 1)…\(sequence - 1) are missing before this one"))
                }
                unreadableSinceLastRecord = false
                lastSequence = sequence
                do throws(RecordFailure) {
                    let change: InventoryChange
                    if let wear = record.wear, schema == InventorySchema.current {
                        change = .wear(wear)
                    } else {
                        let (kind, data) = try InventorySchema.migrate(kind: record.kind, data: record.data, from: schema)
                        change = try RecordCoding.decodeChange(kind: kind, data: data)
                    }
                    do throws(InventoryError) { try apply(change) } catch {
                        throw RecordFailure("cannot apply: \(error)")
                    }
                } catch {
                    warnings.append(
                        LoadWarning(file: file, line: line.number, message: "record \(sequence) skipped: \(error)"))
                }
            }
        }
        return warnings
    }
}
