/// Something found while loading a store that did not stop it from loading: a record skipped, a torn tail moved
/// aside. Every one is reported (CLI: on standard error; daemon: in the log), none is silent.
public struct LoadWarning: Sendable, CustomStringConvertible {
    /// The file, relative to the state folder.
    public var file: String
    /// The 1-based line, when the warning is about one.
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
