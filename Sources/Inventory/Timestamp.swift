/// An instant, whole seconds since 1970-01-01 UTC; written as `2026-11-23T10:33:19Z`.
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// Seconds since 1970-01-01T00:00:00Z.
    public var secondsSince1970: Int64

    /// The instant `secondsSince1970` seconds after the epoch.
    public init(secondsSince1970: Int64) { self.secondsSince1970 = secondsSince1970 }

    /// Parses `YYYY-MM-DDTHH:MM:SSZ` (UTC only); nil for anything else.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"),
            bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z"),
            let date = CalendarDate(String(decoding: bytes[0..<10], as: UTF8.self))
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            hour < 24, minute < 60, second < 60
        else { return nil }
        secondsSince1970 = Int64(date.dayNumber) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The UTC calendar date of this instant.
    public var utcDate: CalendarDate {
        CalendarDate(dayNumber: Int32((secondsSince1970 >= 0 ? secondsSince1970 : secondsSince1970 - 86_399) / 86_400))
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var description: String {
        let date = utcDate
        let secondOfDay = Int(secondsSince1970 - Int64(date.dayNumber) * 86_400)
        return date.description + "T" + CalendarDate.pad(secondOfDay / 3600, 2) + ":"
            + CalendarDate.pad(secondOfDay / 60 % 60, 2) + ":" + CalendarDate.pad(secondOfDay % 60, 2) + "Z"
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.secondsSince1970 < rhs.secondsSince1970 }
}
