import Dispatch
import Glibc

/// Runs independent pieces of work on the machine's cores (loading a large snapshot).
enum ParallelWork {
    /// How many pieces to cut work into: the online cores, at most 8.
    static let threads: Int = max(1, min(8, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))

    /// Calls `body(0..<iterations)` on Dispatch's worker threads and returns when all are done.
    static func run(_ iterations: Int, _ body: @Sendable (Int) -> Void) {
        DispatchQueue.concurrentPerform(iterations: iterations, execute: body)
    }
}
