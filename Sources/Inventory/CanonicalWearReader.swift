/// Reads a wear record written in exactly the form `RecordLine.encode` gives it, straight from the bytes:
///
///     {"seq":N,"kind":"wear","data":{"date":"YYYY-MM-DD","items":["i-0001",…],"outfit":"…","source":"camera"}
///
/// (`seq` absent in snapshots, `outfit` optional). Anything else — other spacing, escapes in the outfit id,
/// an upper-case id — returns nil and goes through the general JSON reader, which accepts the same records;
/// this path only skips building a tree. The checksum has been verified before.
enum CanonicalWearReader {
    static func read(_ line: UnsafeBufferPointer<UInt8>, end: Int) -> RecordLine.Decoded? {
        var cursor = Cursor(bytes: line, position: 0, end: end)
        guard cursor.literal("{") else { return nil }
        var sequence: UInt64?
        if cursor.literal("\"seq\":") {
            guard let number = cursor.unsigned(), number > 0, cursor.literal(",") else { return nil }
            sequence = number
        }
        guard cursor.literal("\"kind\":\"wear\",\"data\":{\"date\":\""), let date = cursor.date(),
            cursor.literal("\",\"items\":[")
        else { return nil }
        var items: [ItemID] = []
        items.reserveCapacity(4)
        if !cursor.literal("]") {
            repeat {
                guard let id = cursor.itemID() else { return nil }
                items.append(id)
            } while cursor.literal(",")
            guard cursor.literal("]") else { return nil }
        }
        var outfit: String?
        if cursor.literal(",\"outfit\":\"") {
            guard let text = cursor.plainString() else { return nil }
            outfit = text
        }
        guard cursor.literal(",\"source\":\"") else { return nil }
        let source: WearSource
        if cursor.literal("camera\"") {
            source = .camera
        } else if cursor.literal("manual\"") {
            source = .manual
        } else if cursor.literal("ingest\"") {
            source = .ingest
        } else {
            return nil
        }
        guard cursor.literal("}"), cursor.position == end else { return nil }
        return RecordLine.Decoded(
            sequence: sequence, kind: "wear", data: .null,
            wear: WearEvent(date: date, items: items, outfit: outfit, source: source))
    }

    private struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var position: Int
        let end: Int

        mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            guard position + count <= end else { return false }
            let start = text.utf8Start
            for index in 0..<count where bytes[position + index] != start[index] { return false }
            position += count
            return true
        }

        mutating func digit() -> UInt64? {
            guard position < end, bytes[position] >= UInt8(ascii: "0"), bytes[position] <= UInt8(ascii: "9") else {
                return nil
            }
            defer { position += 1 }
            return UInt64(bytes[position] - UInt8(ascii: "0"))
        }

        /// A JSON integer without sign, leading zeros or more than 15 digits.
        mutating func unsigned() -> UInt64? {
            let start = position
            var value: UInt64 = 0
            while let digit = digit() { value = value * 10 + digit }
            let count = position - start
            guard count >= 1, count <= 15, count == 1 || bytes[start] != UInt8(ascii: "0") else { return nil }
            return value
        }

        mutating func date() -> CalendarDate? {
            guard let year = number(digits: 4), literal("-"), let month = number(digits: 2), literal("-"),
                let day = number(digits: 2)
            else { return nil }
            return CalendarDate(year: year, month: month, day: day)
        }

        mutating func number(digits: Int) -> Int? {
            var value = 0
            for _ in 0..<digits {
                guard let digit = digit() else { return nil }
                value = value * 10 + Int(digit)
            }
            return value
        }

        /// `"i-<digits>"` as `ItemID` accepts it (lower-case i only).
        mutating func itemID() -> ItemID? {
            guard literal("\"i-") else { return nil }
            let start = position
            var value: UInt64 = 0
            while let digit = digit() { value = value * 10 + digit }
            let count = position - start
            guard count >= 1, count <= 10, value > 0, value <= UInt64(ItemID.largestNumber), literal("\"") else {
                return nil
            }
            return ItemID(number: UInt32(value))
        }

        /// The rest of a string up to its closing quote, when it holds no escape or control character.
        mutating func plainString() -> String? {
            let start = position
            while position < end {
                let byte = bytes[position]
                if byte == UInt8(ascii: "\"") {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
                    position += 1
                    return text
                }
                if byte == UInt8(ascii: "\\") || byte < 0x20 { return nil }
                position += 1
            }
            return nil
        }
    }
}
