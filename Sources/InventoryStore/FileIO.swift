import Glibc

/// Whole-file reads and crash-safe whole-file writes.
public enum FileIO {
    /// The bytes of the file at `path` (a regular file, or a pipe such as /dev/stdin read to its end).
    public static func readFile(_ path: String) throws(SystemError) -> [UInt8] {
        let descriptor = try systemCall("open", path: path) { open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(descriptor) }
        var info = stat()
        try systemCall("fstat", path: path) { fstat(descriptor, &info) }
        if (info.st_mode & S_IFMT) == S_IFREG { return try readAll(descriptor, path: path, from: 0) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = try systemCall("read", path: path) {
                chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, $0.count) }
            }
            if count == 0 { return bytes }
            bytes += chunk[0..<count]
        }
    }

    /// Whether anything exists at `path`.
    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// Reads from `offset` to the end of an open file.
    static func readAll(_ descriptor: Int32, path: String, from offset: Int) throws(SystemError) -> [UInt8] {
        var info = stat()
        try systemCall("fstat", path: path) { fstat(descriptor, &info) }
        let expected = max(Int(info.st_size) - offset, 0)
        var bytes = [UInt8](repeating: 0, count: expected)
        var done = 0
        while done < expected {
            let count = try systemCall("read", path: path) {
                bytes.withUnsafeMutableBytes { buffer in
                    pread(descriptor, buffer.baseAddress! + done, expected - done, off_t(offset + done))
                }
            }
            if count == 0 { break }
            done += count
        }
        if done < expected { bytes.removeLast(expected - done) }
        return bytes
    }

    /// Writes all of `bytes` at the file's current position (its end, for O_APPEND). An injected failure lets
    /// the first `bytesBeforeFailure` bytes through and then fails as the real call would.
    static func writeAll(
        _ descriptor: Int32, path: String, _ bytes: [UInt8], failure: InjectedWriteFailure? = nil
    ) throws(SystemError) {
        var done = 0
        while done < bytes.count {
            var length = bytes.count - done
            if let failure {
                let allowed = failure.bytesBeforeFailure - done
                if allowed <= 0 { throw SystemError(function: "write", path: path, errno: failure.errno) }
                length = min(length, allowed)
            }
            let count = try systemCall("write", path: path) {
                bytes.withUnsafeBytes { buffer in write(descriptor, buffer.baseAddress! + done, length) }
            }
            done += count
        }
    }

    /// Appends `bytes` at the end of the file at `path`, creating it with `mode` when it does not exist.
    public static func append(_ path: String, bytes: [UInt8], mode: mode_t = 0o640) throws(SystemError) {
        let descriptor = try systemCall("open", path: path) { open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, mode) }
        defer { close(descriptor) }
        try writeAll(descriptor, path: path, bytes)
    }

    /// Creates the folder (and missing parents) with `mode`.
    public static func makeDirectories(_ path: String, mode: mode_t = 0o750) throws(SystemError) {
        var prefix = path.hasPrefix("/") ? "" : "."
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, mode) != 0, Glibc.errno != EEXIST {
                throw SystemError(function: "mkdir", path: prefix, errno: Glibc.errno)
            }
        }
    }

    /// Flushes a folder's entries (a rename is durable only once its folder is).
    static func syncDirectory(_ path: String) throws(SystemError) {
        let descriptor = try systemCall("open", path: path) { open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        defer { close(descriptor) }
        try systemCall("fsync", path: path) { fsync(descriptor) }
    }

    /// Replaces the file at `path` atomically: a temporary file beside it is written and fsynced, renamed over
    /// `path`, and the folder fsynced. After a crash `path` holds either the old or the new bytes, never a mix.
    /// On failure the temporary file is removed and `path` is untouched.
    static func replaceAtomically(
        path: String, with bytes: [UInt8], mode: mode_t = 0o640, failure: InjectedWriteFailure? = nil
    ) throws(SystemError) {
        let temporary = path + ".tmp"
        let descriptor = try systemCall("open", path: temporary) {
            open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        }
        do throws(SystemError) {
            try writeAll(descriptor, path: temporary, bytes, failure: failure)
            try systemCall("fsync", path: temporary) { fsync(descriptor) }
        } catch {
            close(descriptor)
            unlink(temporary)
            throw error
        }
        close(descriptor)
        do throws(SystemError) {
            try systemCall("rename", path: path) { rename(temporary, path) }
        } catch {
            unlink(temporary)
            throw error
        }
        let folder = path.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        try syncDirectory(folder.isEmpty ? (path.hasPrefix("/") ? "/" : ".") : folder)
    }

    /// Writes `bytes` atomically to a new file at `path` (see `replaceAtomically`).
    public static func writeFileAtomically(_ path: String, bytes: [UInt8]) throws(SystemError) {
        try replaceAtomically(path: path, with: bytes)
    }
}
