/// A configuration that cannot be used: names the field, the value and the reason.
///
/// The CLI exits with 78 (EX_CONFIG) on this error, and the systemd unit does not restart on that status.
public struct ConfigError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Dotted path of the field, e.g. `mqtt.port`; empty for the file as a whole.
    public var field: String
    /// The offending value as written, if there is one.
    public var value: String?
    /// Why it cannot be used, and what would work.
    public var reason: String
    /// The file the configuration came from, if any.
    public var file: String?

    public init(field: String, value: String? = nil, reason: String, file: String? = nil) {
        self.field = field
        self.value = value
        self.reason = reason
        self.file = file
    }

    public var description: String {
        var text = file.map { "\($0): " } ?? ""
        text += field.isEmpty ? "" : "\(field)"
        if let value { text += field.isEmpty ? "'\(value)'" : " = '\(value)'" }
        text += (field.isEmpty && value == nil) ? reason : ": \(reason)"
        return text
    }

    /// The process exit status for a configuration error (sysexits.h EX_CONFIG).
    public static let exitStatus: Int32 = 78
}
