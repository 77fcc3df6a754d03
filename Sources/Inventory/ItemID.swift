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
        let bytes = Array(text.utf8)
        guard bytes.count >= 3, bytes.count <= 12, bytes[0] | 0x20 == UInt8(ascii: "i"), bytes[1] == UInt8(ascii: "-")
        else { return nil }
        var value: UInt64 = 0
        for byte in bytes[2...] {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + UInt64(byte - UInt8(ascii: "0"))
        }
        guard value > 0, value <= UInt64(UInt32.max) else { return nil }
        number = UInt32(value)
    }

    /// `i-0001`.
    public var description: String { "i-" + CalendarDate.pad(Int(number), 4) }

    public static func < (lhs: ItemID, rhs: ItemID) -> Bool { lhs.number < rhs.number }
}
