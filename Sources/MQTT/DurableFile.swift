#if canImport(Glibc)
import Glibc
#endif

/// Small durable-file operations: appends that reach the disk and atomic replacement.
enum DurableFile {
    /// Appends `bytes` to `path` (created if missing) and fsyncs before returning.
    static func append(_ bytes: [UInt8], to path: String) throws(SystemCallError) {
        let fd = try retryingInterrupts("open", path) { open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600) }
        defer { close(fd) }
        try writeAll(fd, bytes, path)
        try retryingInterrupts("fsync", path) { fsync(fd) }
    }

    /// Replaces `path` with `bytes` atomically: temp file, fsync, rename, fsync of the folder.
    static func replace(_ path: String, with bytes: [UInt8]) throws(SystemCallError) {
        let temporary = path + ".tmp"
        let fd = try retryingInterrupts("open", temporary) {
            open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        }
        do {
            try writeAll(fd, bytes, temporary)
            try retryingInterrupts("fsync", temporary) { fsync(fd) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        try retryingInterrupts("rename", path) { rename(temporary, path) }
        try syncFolder(of: path)
    }

    /// Reads a whole file; nil when it does not exist.
    static func read(_ path: String) throws(SystemCallError) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw SystemCallError(function: "open", path: path, errno: errno)
        }
        defer { close(fd) }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try retryingInterrupts("read", path) { chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) } }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
        }
    }

    /// Creates a folder (and its parents) if missing.
    static func makeFolder(_ path: String) throws(SystemCallError) {
        var current = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            current += "/" + part
            if mkdir(current, 0o750) != 0 && errno != EEXIST {
                throw SystemCallError(function: "mkdir", path: current, errno: errno)
            }
        }
    }

    private static func syncFolder(of path: String) throws(SystemCallError) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = try retryingInterrupts("open", folder) { open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(fd) }
        try retryingInterrupts("fsync", folder) { fsync(fd) }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], _ path: String) throws(SystemCallError) {
        var offset = 0
        while offset < bytes.count {
            let written = try retryingInterrupts("write", path) {
                bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            }
            offset += written
        }
    }
}
