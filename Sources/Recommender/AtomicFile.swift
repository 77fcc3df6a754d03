// The recommender's only file I/O, kept in this one file so the lead can move it to an I/O target when wiring.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file reads and crash-safe whole-file replacement.
enum AtomicFile {
    /// Writes `bytes` to a temporary file in the same folder, fsyncs it, renames it over `path` and fsyncs the folder.
    static func replace(_ path: String, with bytes: [UInt8]) throws {
        let temporary = "\(path).tmp.\(getpid())"
        let fd: Int32
        do {
            fd = try retrying("open") { open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600) }
        } catch {
            throw error.withPath(path)
        }
        var written = 0
        do {
            while written < bytes.count {
                let count = try bytes.withUnsafeBytes { buffer in
                    try retrying("write") { write(fd, buffer.baseAddress! + written, buffer.count - written) }
                }
                written += Int(count)
            }
            _ = try retrying("fsync") { fsync(fd) }
        } catch {
            close(fd)
            unlink(temporary)
            throw error.withPath(path)
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw ModelFileError(.system(errno: code, function: "rename"), path: path, reason: describe(code, "rename"))
        }
        let folder = path.contains("/") ? String(path[..<path.lastIndex(of: "/")!]) : "."
        let folderFD = open(folder.isEmpty ? "/" : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderFD >= 0 {
            _ = fsync(folderFD)
            close(folderFD)
        }
    }

    /// Reads a whole file; a missing file throws `.missing`.
    static func contents(of path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            let code = errno
            if code == ENOENT { throw ModelFileError(.missing, path: path, reason: "no such file") }
            throw ModelFileError(.system(errno: code, function: "open"), path: path, reason: describe(code, "open"))
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = try chunk.withUnsafeMutableBytes { buffer in
                try retrying("read") { read(fd, buffer.baseAddress!, buffer.count) }
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<Int(count)])
            if bytes.count > 64 << 20 { throw ModelFileError(.invalid, path: path, reason: "larger than 64 MB") }
        }
        return bytes
    }

    /// Calls a system function until it does not fail with EINTR; other failures throw with errno.
    private static func retrying<T: BinaryInteger>(_ function: String, _ call: () -> T) throws -> T {
        while true {
            let result = call()
            if result >= 0 { return result }
            let code = errno
            if code == EINTR { continue }
            throw ModelFileError(.system(errno: code, function: function), path: "", reason: describe(code, function))
        }
    }

    private static func describe(_ code: Int32, _ function: String) -> String {
        "\(function) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}

extension Error {
    /// The same error naming `path` (errors from `retrying` do not know it).
    fileprivate func withPath(_ path: String) -> Error {
        guard let error = self as? ModelFileError else { return self }
        return ModelFileError(error.kind, path: path, reason: error.reason)
    }
}
