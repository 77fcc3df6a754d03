#if canImport(Glibc)
import Glibc
#endif

/// CPU and memory use of this process, from getrusage and /proc.
public struct ProcessMetrics: Sendable {
    /// CPU time used so far (user + system), in seconds.
    public static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let user = Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        let system = Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
        return user + system
    }

    /// Resident set size now, in bytes (from /proc/self/statm), or nil where /proc is unavailable.
    public static func residentBytes() -> Int? {
        guard let fields = procLines("/proc/self/statm")?.first?.split(separator: " "), fields.count >= 2,
            let pages = Int(fields[1])
        else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The most resident memory this process has used, in bytes: `VmHWM` of /proc/self/status, else getrusage's
    /// ru_maxrss. Not ru_maxrss first: Linux carries the spawning process's peak across fork and exec into it, so a
    /// daemon started by a 300 MB test runner would report 300 MB.
    public static func peakResidentBytes() -> Int? {
        if let kilobytes = procLines("/proc/self/status")?.lazy.compactMap({ statusKilobytes($0, field: "VmHWM") })
            .first
        {
            return kilobytes * 1024
        }
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return nil }
        return Int(usage.ru_maxrss) * 1024
    }

    /// The value of a `Name:   1234 kB` line of /proc/<pid>/status when it is the `field` line, else nil.
    static func statusKilobytes(_ line: String, field: String) -> Int? {
        let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" })
        guard parts.count == 3, parts[0] == field + ":", parts[2] == "kB" else { return nil }
        return Int(parts[1])
    }

    /// The lines of a /proc file (a line longer than 255 bytes comes in pieces), or nil where it cannot be opened.
    private static func procLines(_ path: String) -> [String]? {
        guard let file = fopen(path, "r") else { return nil }
        defer { fclose(file) }
        var lines: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while fgets(&buffer, Int32(buffer.count), file) != nil {
            lines.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return lines
    }
}
