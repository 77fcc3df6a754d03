#if canImport(Glibc)
import Glibc
#endif

/// A failed system call: the function, the path it worked on and errno.
public struct SystemCallError: Error, CustomStringConvertible, Sendable {
    public var function: String
    public var path: String
    public var errno: Int32

    public var description: String {
        "\(function)(\(path)): \(String(cString: strerror(errno)))"
    }
}

/// Calls `body` until it does not fail with EINTR; throws errno with the function's name otherwise.
@discardableResult
func retryingInterrupts<T: BinaryInteger>(_ function: String, _ path: String, _ body: () -> T) throws(SystemCallError) -> T {
    while true {
        let result = body()
        if result >= 0 { return result }
        let code = errno
        if code == EINTR { continue }
        throw SystemCallError(function: function, path: path, errno: code)
    }
}
