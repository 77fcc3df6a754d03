import Glibc

/// A test seam: makes the store's writes fail as a full disk would, after `bytesBeforeFailure` bytes have
/// gone through (so a write can be cut short mid-record). Used where a small tmpfs cannot be mounted.
struct InjectedWriteFailure: Sendable {
    /// Which writes fail.
    enum Target: Sendable { case journal, snapshot, any }

    var target: Target
    var bytesBeforeFailure: Int
    var errno: Int32 = ENOSPC
}
