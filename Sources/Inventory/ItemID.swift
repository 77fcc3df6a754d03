/// A garment's id: `i-` and a number, at least four digits (`i-0001`). Short enough to type, never reused.
///
/// Parsing is forgiving about case and padding (`I-7` and `i-0007` are the same item); the written form is canonical.
public struct ItemID: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The number after `i-`.
    public var number: UInt32

    /// The item with this number.
    public init(number: UInt32) { self.number = number }

    /// Parses `i-<digits>`; nil for anything else.
    public init?(_ text: String) {
        let utf8 = text.utf8
        guard utf8.count >= 3, utf8.count <= 12 else { return nil }
        var value: UInt64 = 0
        for (position, byte) in utf8.enumerated() {
            switch position {
            case 0: guard byte | 0x20 == UInt8(ascii: "i") else { return nil }
            case 1: guard byte == UInt8(ascii: "-") else { return nil }
            default:
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
            }
        }
        guard value > 0, value <= UInt64(ItemID.largestNumber) else { return nil }
        number = UInt32(value)
    }

    /// Ids go up to `i-999999999`, so the next number always fits.
    public static let largestNumber: UInt32 = 999_999_999

    /// `i-0001`.
    public var description: String { "i-" + CalendarDate.pad(Int(number), 4) }

    public static func < (lhs: ItemID, rhs: ItemID) -> Bool { lhs.number < rhs.number }
}
