import Glibc

/// An advisory exclusive lock (`flock`) on a lock file, so the daemon and the CLI never write at once.
///
/// `flock` locks belong to the open file description, so two stores in one process exclude each other too;
/// the kernel drops the lock when a holder dies, even by SIGKILL.
final class FileLock {
    let path: String
    private let descriptor: Int32

    /// Opens (creating) the lock file.
    init(path: String) throws(SystemError) {
        self.path = path
        descriptor = try systemCall("open", path: path) { open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640) }
    }

    deinit { close(descriptor) }

    /// Blocks until the lock is held.
    func acquire() throws(SystemError) {
        try systemCall("flock", path: path) { flock(descriptor, LOCK_EX) }
    }

    /// Releases the lock.
    func release() {
        _ = flock(descriptor, LOCK_UN)
    }
}
