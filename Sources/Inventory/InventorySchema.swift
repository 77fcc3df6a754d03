/// The version of the store's file formats, and the path from older versions to the current one.
///
/// The snapshot header carries the schema version; journal records are always in the snapshot's version,
/// because a closetd that upgrades a store writes a new snapshot (a compaction) before it appends anything.
/// A store from a newer closetd is refused untouched.
public enum InventorySchema {
    /// The version this closetd reads and writes.
    public static let current = 1

    /// One step of migration: rewrites a record's kind and data from version `n` to `n + 1`.
    public typealias Step = @Sendable (_ kind: String, _ data: JSONValue) throws(RecordFailure) -> (String, JSONValue)

    /// `steps[n]` migrates a record from version n to n + 1. Version 1 is the first released format, so there
    /// are none yet; a change of format adds its step here and bumps `current`.
    static let steps: [Int: Step] = [:]

    /// Whether a store of `version` can be read (possibly after migration).
    public static func canRead(_ version: Int) -> Bool {
        guard version >= 1, version <= current else { return false }
        return (version..<current).allSatisfy { steps[$0] != nil }
    }

    /// Rewrites a record written in `version` into the current version.
    public static func migrate(kind: String, data: JSONValue, from version: Int) throws(RecordFailure) -> (
        String, JSONValue
    ) {
        var record = (kind, data)
        var step = version
        while step < current {
            guard let migration = steps[step] else { throw RecordFailure("no migration from schema \(step)") }
            record = try migration(record.0, record.1)
            step += 1
        }
        return record
    }
}
