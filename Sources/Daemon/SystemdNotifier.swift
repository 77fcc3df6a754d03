#if canImport(Glibc)
import Glibc
#endif

/// sd_notify without libsystemd: one datagram per message to the AF_UNIX socket named by $NOTIFY_SOCKET.
///
/// Does nothing when the variable is unset (not started by systemd). A path starting with `@` is in the abstract
/// namespace (the `@` becomes a NUL byte).
public struct SystemdNotifier: Sendable {
    private let socketPath: [UInt8]?

    public init(environment: [String: String]) {
        if let path = environment["NOTIFY_SOCKET"], !path.isEmpty, path.utf8.count < 108 {
            var bytes = Array(path.utf8)
            if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
            socketPath = bytes
        } else {
            socketPath = nil
        }
    }

    /// Whether a notification socket was given.
    public var isActive: Bool { socketPath != nil }

    /// Sends `message` (e.g. `READY=1`, `STATUS=…`). Failures are returned, not thrown: notification is best effort.
    @discardableResult
    public func notify(_ message: String) -> Int32 {
        guard let socketPath else { return 0 }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { buffer in
            for (index, byte) in socketPath.enumerated() { buffer[index] = byte }
        }
        let length = socklen_t(MemoryLayout.offset(of: \sockaddr_un.sun_path)! + socketPath.count)
        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { address in
                bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), address, length) }
            }
        }
        return sent < 0 ? errno : 0
    }
}
