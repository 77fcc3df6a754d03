/// Splits the bytes of a journal or snapshot into checked records, unreadable lines, and a torn tail.
///
/// The last line is the torn tail when it has no newline (a write cut short) or fails its check; any other
/// unreadable line is "in the middle". Blank lines are ignored.
public struct JournalScan: Sendable {
    /// Where a line sits in the scanned bytes.
    public struct Line: Sendable {
        /// Byte offset of the line in the scanned buffer.
        public var offset: Int
        /// Length including the newline, when there is one.
        public var length: Int
        /// 1-based line number in the file.
        public var number: Int
    }

    /// A line, in file order.
    public enum Entry: Sendable {
        case record(Line, RecordLine.Decoded)
        case unreadable(Line, RecordFailure)
    }

    /// Every line before the torn tail.
    public var entries: [Entry] = []
    /// The final line, when it is cut short or unreadable.
    public var tornTail: (line: Line, reason: String)?
    /// Where the good part ends: the start of the torn tail, or the end of the bytes.
    public var goodEnd: Int = 0
    /// The number of the line after the last one scanned.
    public var nextLineNumber: Int = 1

    /// The offset of the first newline at or after `start`, or `bytes.count`. Eight bytes at a time: a byte of
    /// `word ^ 0x0a0a…` is zero where a newline is, and `(x - 0x0101…) & ~x & 0x8080…` flags zero bytes.
    static func newline(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        let count = bytes.count
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while index + 8 <= count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let x = word ^ 0x0A0A_0A0A_0A0A_0A0A
                let found = (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
                if found != 0 { return index + found.trailingZeroBitCount / 8 }
                index += 8
            }
        }
        while index < count, bytes[index] != 0x0A { index += 1 }
        return index
    }

    /// Scans `bytes`; `firstLineNumber` numbers the first line (for scans that start mid-file).
    public static func scan(_ bytes: UnsafeBufferPointer<UInt8>, firstLineNumber: Int = 1) -> JournalScan {
        var entries: [Entry] = []
        var result = scan(bytes, firstLineNumber: firstLineNumber) { entries.append($0) }
        result.entries = entries
        return result
    }

    /// Scans `bytes`, handing each entry to `visit` as it is read instead of collecting them (a large store
    /// loads without a second copy of itself); `entries` of the result is empty.
    public static func scan(
        _ bytes: UnsafeBufferPointer<UInt8>, firstLineNumber: Int = 1, visit: (Entry) -> Void
    ) -> JournalScan {
        var result = JournalScan()
        var start = 0
        var number = firstLineNumber
        let count = bytes.count
        while start < count {
            let end = Self.newline(in: bytes, from: start)
            let terminated = end < count
            let line = Line(offset: start, length: end - start + (terminated ? 1 : 0), number: number)
            let body = UnsafeBufferPointer(rebasing: bytes[start..<end])
            let isLast = end + 1 >= count
            if !terminated {
                result.tornTail = (line, "last line has no newline (a write was cut short)")
            } else if body.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                // Blank line: nothing to read.
            } else {
                do throws(RecordFailure) {
                    visit(.record(line, try RecordLine.decode(body)))
                } catch {
                    if isLast {
                        result.tornTail = (line, "last record unreadable: \(error.reason)")
                    } else {
                        visit(.unreadable(line, error))
                    }
                }
            }
            start = end + 1
            number += 1
        }
        result.goodEnd = result.tornTail?.line.offset ?? count
        result.nextLineNumber = number
        return result
    }
}
