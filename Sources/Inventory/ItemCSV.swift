/// Items as CSV (RFC 4180) for export to a spreadsheet and import back.
///
/// `wear_count` and `last_worn` are exported for reading but ignored on import (they are derived from the
/// wear log); embeddings are not exported.
public enum ItemCSV {
    /// The columns, in export order.
    public static let columns = [
        "id", "category", "colour", "rgb", "pattern", "name", "notes", "price", "warmth", "laundry", "archived",
        "first_seen", "last_seen", "thumbnail", "wear_count", "last_worn",
    ]

    /// Why a CSV text cannot be imported: the row (1 = the header) and the reason.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var row: Int
        public var reason: String
        public var description: String { "row \(row): \(reason)" }
        public init(row: Int, reason: String) {
            self.row = row
            self.reason = reason
        }
    }

    /// The CSV text of `items`, header first, CRLF line ends.
    public static func encode(_ items: [ClosetItem]) -> String {
        var text = columns.joined(separator: ",") + "\r\n"
        for item in items {
            let fields: [String] = [
                item.id.description, item.category.rawValue, item.colour.rawValue,
                item.measuredColour?.description ?? "", item.pattern.rawValue, item.name ?? "", item.notes ?? "",
                item.price.map(format) ?? "", format(item.warmth), item.laundry.rawValue, item.archived ? "yes" : "no",
                item.firstSeen.description, item.lastSeen?.description ?? "", item.thumbnail ?? "",
                String(item.wearCount), item.lastWorn?.description ?? "",
            ]
            text += fields.map(quote).joined(separator: ",") + "\r\n"
        }
        return text
    }

    /// One row of an import: the id when the row gave one, and the item's fields.
    public struct Row: Sendable {
        public var number: Int
        public var id: ItemID?
        public var item: ClosetItem
    }

    /// Parses an import. Category and colour are required; other columns may be missing or empty.
    /// `now` is the first-seen time of rows without one.
    public static func decode(_ text: String, now: Timestamp) throws(Failure) -> [Row] {
        let records = try parse(text)
        guard let header = records.first else { throw Failure(row: 1, reason: "empty file") }
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() {
            let key = name.trimmingSpaces().lowercased()
            guard columns.contains(key) else { throw Failure(row: 1, reason: "unknown column \"\(name)\"") }
            guard index[key] == nil else { throw Failure(row: 1, reason: "column \"\(key)\" twice") }
            index[key] = position
        }
        for required in ["category", "colour"] where index[required] == nil {
            throw Failure(row: 1, reason: "no \"\(required)\" column")
        }
        var rows: [Row] = []
        for (offset, record) in records.dropFirst().enumerated() {
            let number = offset + 2
            if record.count == 1, record[0].isEmpty { continue }
            guard record.count == header.count else {
                throw Failure(row: number, reason: "\(record.count) fields, the header has \(header.count)")
            }
            func field(_ key: String) -> String? {
                guard let position = index[key] else { return nil }
                let value = record[position].trimmingSpaces()
                return value.isEmpty ? nil : value
            }
            func fail(_ column: String, _ reason: String) -> Failure {
                Failure(row: number, reason: "\(column): \(reason)")
            }
            var id: ItemID?
            if let text = field("id") {
                guard let parsed = ItemID(text) else { throw fail("id", "\"\(text)\" is not an item id like i-0001") }
                id = parsed
            }
            guard let categoryText = field("category"), let category = GarmentCategory(parsing: categoryText) else {
                throw fail("category", "expected one of \(GarmentCategory.namesList)")
            }
            guard let colourText = field("colour"), let colour = ColourName(parsing: colourText) else {
                throw fail("colour", "expected one of \(ColourName.namesList)")
            }
            var firstSeen = now
            if let text = field("first_seen") {
                guard let time = Timestamp(text) else { throw fail("first_seen", "not YYYY-MM-DDTHH:MM:SSZ") }
                firstSeen = time
            }
            var item = ClosetItem(id: id ?? ItemID(number: 1), category: category, colour: colour, firstSeen: firstSeen)
            if let text = field("rgb") {
                guard let measured = MeasuredColour(hex: text) else { throw fail("rgb", "not #rrggbb") }
                item.measuredColour = measured
            }
            if let text = field("pattern") {
                guard let pattern = GarmentPattern(rawValue: text.lowercased()) else {
                    throw fail("pattern", "expected one of \(GarmentPattern.namesList)")
                }
                item.pattern = pattern
            }
            item.name = field("name")
            item.notes = field("notes")
            if let text = field("price") {
                guard let price = Double(text), price.isFinite, price >= 0 else { throw fail("price", "not an amount") }
                item.price = price
            }
            if let text = field("warmth") {
                guard let warmth = Double(text), warmth.isFinite else { throw fail("warmth", "not a number") }
                item.warmth = warmth
            }
            if let text = field("laundry") {
                guard let laundry = LaundryState(rawValue: text.lowercased()) else {
                    throw fail("laundry", "expected clean, worn or dirty")
                }
                item.laundry = laundry
            }
            if let text = field("archived") {
                switch text.lowercased() {
                case "yes", "true", "1": item.archived = true
                case "no", "false", "0": item.archived = false
                default: throw fail("archived", "expected yes or no")
                }
            }
            if let text = field("last_seen") {
                guard let time = Timestamp(text) else { throw fail("last_seen", "not YYYY-MM-DDTHH:MM:SSZ") }
                item.lastSeen = time
            }
            item.thumbnail = field("thumbnail")
            do throws(InventoryError) { try InventoryState.checkFields(item) } catch {
                throw Failure(row: number, reason: error.description)
            }
            rows.append(Row(number: number, id: id, item: item))
        }
        return rows
    }

    /// Splits CSV text into records of fields (quoted fields may hold commas, quotes as "", and line breaks).
    static func parse(_ text: String) throws(Failure) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var wasQuoted = false
        var row = 1
        let bytes = Array(text.utf8)
        var index = 0
        func endField() {
            record.append(String(decoding: field, as: UTF8.self))
            field = []
            wasQuoted = false
        }
        while index < bytes.count {
            let byte = bytes[index]
            if quoted {
                if byte == UInt8(ascii: "\"") {
                    if index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "\"") {
                        field.append(byte)
                        index += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(byte)
                }
            } else {
                switch byte {
                case UInt8(ascii: "\""):
                    guard field.isEmpty, !wasQuoted else { throw Failure(row: row, reason: "stray quote in a field") }
                    quoted = true
                    wasQuoted = true
                case UInt8(ascii: ","):
                    endField()
                case 0x0D where index + 1 < bytes.count && bytes[index + 1] == 0x0A:
                    break
                case 0x0A:
                    endField()
                    records.append(record)
                    record = []
                    row += 1
                default:
                    if wasQuoted { throw Failure(row: row, reason: "text after a closing quote") }
                    field.append(byte)
                }
            }
            index += 1
        }
        if quoted { throw Failure(row: row, reason: "unterminated quoted field") }
        if !field.isEmpty || !record.isEmpty || wasQuoted {
            endField()
            records.append(record)
        }
        return records
    }

    private static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }

    static func format(_ number: Double) -> String {
        var writer = JSONWriter()
        writer.writeNumber(number)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var view = Substring(self)
        while let first = view.first, first == " " || first == "\t" { view = view.dropFirst() }
        while let last = view.last, last == " " || last == "\t" { view = view.dropLast() }
        return String(view)
    }
}
