import Glibc

/// Which file a path names, and which version of it: a snapshot replaced by rename, or rewritten in place,
/// gives a different identity.
struct FileIdentity: Equatable {
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int64
    var modifiedNanoseconds: Int64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = Int64(info.st_mtim.tv_sec)
        modifiedNanoseconds = Int64(info.st_mtim.tv_nsec)
    }

    /// The identity of the file at `path`, or nil when there is none.
    static func of(path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(info)
    }

    /// The identity of an open file.
    static func of(descriptor: Int32, path: String) throws(SystemError) -> FileIdentity {
        var info = stat()
        try systemCall("fstat", path: path) { fstat(descriptor, &info) }
        return FileIdentity(info)
    }
}
