import Logging

#if canImport(Glibc)
import Glibc
#endif

/// swift-log to stderr, one line per message. Under systemd ($JOURNAL_STREAM set) each line starts with the syslog
/// priority `<N>` so the journal keeps levels, and carries no timestamp (the journal adds its own).
public struct JournalLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    private let label: String
    private let toJournal: Bool
    private let level: LogLevelControl

    public init(label: String, level: LogLevelControl, toJournal: Bool) {
        self.label = label
        self.level = level
        self.toJournal = toJournal
    }

    /// Follows the shared control, so a reload changes every logger at once.
    public var logLevel: Logger.Level {
        get { level.current }
        set { level.current = newValue }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let extra = event.metadata { merged.merge(extra) { $1 } }
        let details = merged.isEmpty ? "" : " " + merged.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        let line: String
        if toJournal {
            line = "<\(Self.syslogPriority(event.level))>\(event.message)\(details)\n"
        } else {
            line = "\(Self.timestamp()) \(event.level) \(label): \(event.message)\(details)\n"
        }
        _ = line.withCString { write(2, $0, strlen($0)) }
    }

    /// syslog(3) priorities: emerg 0 … debug 7.
    public static func syslogPriority(_ level: Logger.Level) -> Int {
        switch level {
        case .trace, .debug: 7
        case .info: 6
        case .notice: 5
        case .warning: 4
        case .error: 3
        case .critical: 2
        }
    }

    private static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var parts = tm()
        var seconds = now.tv_sec
        localtime_r(&seconds, &parts)
        var buffer = [CChar](repeating: 0, count: 32)
        strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S", &parts)
        let milliseconds = Int(now.tv_nsec / 1_000_000)
        let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return text + "." + String(1000 + milliseconds).dropFirst()
    }
}
