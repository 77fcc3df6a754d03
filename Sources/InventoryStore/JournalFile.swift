import Glibc

/// The open journal: appended to with O_APPEND, read from any offset, truncated after a failed write or a
/// compaction. Truncated in place (never replaced), so every process's open descriptor stays the journal.
final class JournalFile {
    let path: String
    let descriptor: Int32

    init(path: String) throws(SystemError) {
        self.path = path
        descriptor = try systemCall("open", path: path) { open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0o640) }
    }

    deinit { close(descriptor) }

    var size: Int {
        get throws(SystemError) { Int(try FileIdentity.of(descriptor: descriptor, path: path).size) }
    }

    var identity: FileIdentity {
        get throws(SystemError) { try FileIdentity.of(descriptor: descriptor, path: path) }
    }

    func read(from offset: Int) throws(SystemError) -> [UInt8] {
        try FileIO.readAll(descriptor, path: path, from: offset)
    }

    /// Appends `bytes` and makes them durable. On failure the file is cut back to `expectedEnd`, so a full
    /// disk never leaves a partial record behind.
    func append(_ bytes: [UInt8], expectedEnd: Int, failure: InjectedWriteFailure?) throws(SystemError) {
        do throws(SystemError) {
            try FileIO.writeAll(descriptor, path: path, bytes, failure: failure)
            try systemCall("fdatasync", path: path) { fdatasync(descriptor) }
        } catch {
            _ = ftruncate(descriptor, off_t(expectedEnd))
            _ = fdatasync(descriptor)
            throw error
        }
    }

    func truncate(to length: Int) throws(SystemError) {
        try systemCall("ftruncate", path: path) { ftruncate(descriptor, off_t(length)) }
        try systemCall("fdatasync", path: path) { fdatasync(descriptor) }
    }
}
