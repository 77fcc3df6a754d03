/// Why a .tflite file cannot be read: the field it concerns (a path such as `subgraphs[0].tensors[3].shape`) and
/// what is wrong with it. Model files are untrusted input, so every such problem is an error, never a trap.
public struct ModelFormatError: Error, Equatable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Kind: Sendable, Equatable {
        /// An offset, length or field points outside the file.
        case outOfBounds
        /// A value is present but not acceptable (wrong union type, negative index, absurd shape, ...).
        case invalid
        /// Valid TFLite, but something closetd does not run (an op, op version, tensor type).
        case unsupported
    }

    public var kind: Kind
    /// Where in the model: a path of schema field names and indices.
    public var field: String
    public var reason: String

    public init(_ kind: Kind, _ field: String, _ reason: String) {
        self.kind = kind
        self.field = field
        self.reason = reason
    }

    public var description: String {
        switch kind {
        case .outOfBounds: "malformed model: \(field): \(reason)"
        case .invalid: "invalid model: \(field): \(reason)"
        case .unsupported: "unsupported model: \(field): \(reason)"
        }
    }
}
