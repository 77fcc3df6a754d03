/// Why a compatibility model file could not be read or written; the message names the file and the reason.
public struct ModelFileError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong, broadly: callers may keep the untrained model on `.invalid` and `.missing`.
    public enum Kind: Sendable, Equatable {
        /// No file at the path (first start): use an untrained model.
        case missing
        /// The file exists but is not a model this version can read (truncated, corrupt, other dimension).
        case invalid
        /// The operating system refused (permissions, disk full): errno and the function that failed.
        case system(errno: Int32, function: String)
    }

    public let kind: Kind
    public let path: String
    public let reason: String

    public init(_ kind: Kind, path: String, reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String { "compatibility model \(path): \(reason)" }
}
