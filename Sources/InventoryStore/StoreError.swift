/// Store-level failures that are neither a system call's nor a bad change's.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The journal ends in a torn record that could not be moved aside (see the load warnings); appending
    /// after it would glue a good record to a bad one.
    case tornTailNotRepaired(path: String)

    public var description: String {
        switch self {
        case .tornTailNotRepaired(let path):
            "\(path) ends in a torn record that could not be moved aside; nothing was written (free disk space and retry)"
        }
    }
}
