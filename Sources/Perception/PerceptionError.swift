/// What went wrong in perception: a code (so codes can grow) and a message naming the thing and the reason.
public struct PerceptionError: Error, CustomStringConvertible, Equatable {
    /// The kinds of failure.
    public enum Code: String, Sendable {
        /// A model file is missing, unreadable or does not follow its contract.
        case badModel
        /// The models folder's manifest is missing or malformed.
        case badManifest
        /// A model produced output of the wrong size.
        case badModelOutput
        /// An input image cannot be used (unreadable, too small).
        case badImage
    }

    public var code: Code
    public var message: String

    /// An error with a message naming the thing and the reason.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
