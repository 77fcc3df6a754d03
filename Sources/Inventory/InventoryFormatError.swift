/// Why a store on disk cannot be loaded at all. The files are left exactly as they were.
public enum InventoryFormatError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Written by a newer closetd: upgrade closetd (this one will not guess at a format it does not know).
    case futureSchema(file: String, found: Int, supported: Int)
    /// An older format with no migration path.
    case unsupportedSchema(file: String, found: Int)
    /// The snapshot's first line, which says its schema, cannot be read.
    case unreadableHeader(file: String, reason: String)

    public var description: String {
        switch self {
        case .futureSchema(let file, let found, let supported):
            "\(file) has schema version \(found), newer than this closetd supports (\(supported)); "
                + "upgrade closetd — the store was not touched"
        case .unsupportedSchema(let file, let found):
            "\(file) has schema version \(found), which this closetd cannot migrate; the store was not touched"
        case .unreadableHeader(let file, let reason):
            "\(file): the header line is unreadable (\(reason)); the store was not touched — see docs/inventory.md"
        }
    }
}
