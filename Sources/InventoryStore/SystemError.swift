import Glibc

/// A failed system call: which one, on which file, and errno.
public struct SystemError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The system call (`write`, `fsync`, `rename`, …).
    public var function: String
    /// The file or folder it was working on.
    public var path: String
    public var errno: Int32

    public init(function: String, path: String, errno: Int32) {
        self.function = function
        self.path = path
        self.errno = errno
    }

    /// Whether the file system is full (or over quota).
    public var isOutOfSpace: Bool { errno == ENOSPC || errno == EDQUOT }

    public var description: String {
        let reason = String(cString: strerror(errno))
        let advice = isOutOfSpace ? " — the disk is full; free space and retry (nothing was written)" : ""
        return "\(function) \(path): \(reason)\(advice)"
    }
}

/// Runs a system call, retrying on EINTR; a result of -1 throws a `SystemError` naming the call and the path.
@discardableResult
func systemCall<T: BinaryInteger>(_ function: String, path: String, _ body: () -> T) throws(SystemError) -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = Glibc.errno
        if code == EINTR { continue }
        throw SystemError(function: function, path: path, errno: code)
    }
}
