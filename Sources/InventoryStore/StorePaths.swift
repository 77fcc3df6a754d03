/// Where the inventory's files live inside the state folder.
///
///     <state>/inventory/snapshot.jsonl         the state as of a sequence number (replaced atomically)
///     <state>/inventory/journal.jsonl          records appended since the snapshot
///     <state>/inventory/journal.jsonl.corrupt  torn or corrupt records moved aside, never deleted
///     <state>/inventory/lock                   the advisory lock file
///     <state>/thumbnails/                      item thumbnails
public struct StorePaths: Sendable {
    public let stateDirectory: String
    public var inventoryDirectory: String { stateDirectory + "/inventory" }
    public var snapshot: String { inventoryDirectory + "/snapshot.jsonl" }
    public var journal: String { inventoryDirectory + "/journal.jsonl" }
    public var corrupt: String { journal + ".corrupt" }
    public var lock: String { inventoryDirectory + "/lock" }
    public var thumbnailsDirectory: String { stateDirectory + "/thumbnails" }

    /// File names as warnings show them, relative to the state folder.
    static let snapshotName = "inventory/snapshot.jsonl"
    static let journalName = "inventory/journal.jsonl"
    static let corruptName = "inventory/journal.jsonl.corrupt"

    public init(stateDirectory: String) {
        var trimmed = stateDirectory
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.stateDirectory = trimmed
    }
}
