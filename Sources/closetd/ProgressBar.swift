#if canImport(Glibc)
import Glibc
#endif

/// A one-line progress bar on standard error, drawn only when standard error is a terminal.
final class ProgressBar {
    private let total: Int
    private let enabled: Bool
    private let width = 30

    /// A bar for `total` steps.
    init(total: Int) {
        self.total = max(total, 1)
        enabled = isatty(2) != 0
    }

    /// Redraws the bar: `done` steps finished, working on `current`.
    func show(done: Int, current: String) {
        guard enabled else { return }
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        let name = current.count > 40 ? "…" + current.suffix(39) : current
        write("\r\u{1B}[K[\(bar)] \(done)/\(total) \(name)")
    }

    /// Clears the line (before an error message).
    func clearLine() {
        guard enabled else { return }
        write("\r\u{1B}[K")
    }

    /// Draws the full bar and ends the line.
    func finish() {
        guard enabled else { return }
        write("\r\u{1B}[K[\(String(repeating: "#", count: width))] \(total)/\(total)\n")
    }

    private func write(_ text: String) {
        _ = text.withCString { Glibc.write(2, $0, strlen($0)) }
    }
}
