#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes one line to standard error, unbuffered.
func printError(_ line: String) {
    let text = line + "\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
}

/// Whether anything exists at `path`.
func fileExists(_ path: String) -> Bool {
    access(path, F_OK) == 0
}
