/// The JSON shapes of the record kinds. Optional fields are left out when absent; embeddings are base64 of
/// little-endian float32 (exact, and a third of the size of decimal text).
public enum RecordCoding {
    /// The `data` of an `item` record.
    public static func encode(_ item: ClosetItem) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("id", .string(item.id.description)),
            ("category", .string(item.category.rawValue)),
            ("colour", .string(item.colour.rawValue)),
        ]
        if let measured = item.measuredColour { members.append(("rgb", .string(measured.description))) }
        members.append(("pattern", .string(item.pattern.rawValue)))
        members.append(("warmth", .number(item.warmth)))
        members.append(("laundry", .string(item.laundry.rawValue)))
        members.append(("first_seen", .string(item.firstSeen.description)))
        if let lastSeen = item.lastSeen { members.append(("last_seen", .string(lastSeen.description))) }
        if let name = item.name { members.append(("name", .string(name))) }
        if let notes = item.notes { members.append(("notes", .string(notes))) }
        if let price = item.price { members.append(("price", .number(price))) }
        if item.archived { members.append(("archived", .bool(true))) }
        if let thumbnail = item.thumbnail { members.append(("thumbnail", .string(thumbnail))) }
        if !item.embeddings.isEmpty {
            members.append(("embeddings", .array(item.embeddings.map { .string(encodeEmbedding($0)) })))
        }
        if let model = item.embeddingModel { members.append(("embedding_model", .string(model))) }
        return .object(members)
    }

    /// Reads the `data` of an `item` record.
    public static func decodeItem(_ data: JSONValue) throws(RecordFailure) -> ClosetItem {
        let fields = try RecordFields(data)
        var item = ClosetItem(
            id: try fields.itemID("id"),
            category: try fields.enumeration("category", GarmentCategory.self),
            colour: try fields.enumeration("colour", ColourName.self),
            firstSeen: try fields.timestamp("first_seen"))
        if let hex = try fields.optionalString("rgb") {
            guard let measured = MeasuredColour(hex: hex) else { throw RecordFailure("rgb: not #rrggbb: \"\(hex)\"") }
            item.measuredColour = measured
        }
        item.pattern = try fields.enumeration("pattern", GarmentPattern.self)
        if let warmth = try fields.optionalNumber("warmth") { item.warmth = warmth }
        item.laundry = try fields.enumeration("laundry", LaundryState.self)
        item.lastSeen = try fields.optionalTimestamp("last_seen")
        item.name = try fields.optionalString("name")
        item.notes = try fields.optionalString("notes")
        item.price = try fields.optionalNumber("price")
        if let archived = fields.optional("archived") {
            guard let flag = archived.boolValue else { throw RecordFailure("archived: not true or false") }
            item.archived = flag
        }
        item.thumbnail = try fields.optionalString("thumbnail")
        if let embeddings = fields.optional("embeddings") {
            guard let list = embeddings.arrayValue else { throw RecordFailure("embeddings: not an array") }
            for element in list {
                guard let text = element.stringValue, let vector = decodeEmbedding(text) else {
                    throw RecordFailure("embeddings: not base64 float32 vectors")
                }
                item.embeddings.append(vector)
            }
        }
        item.embeddingModel = try fields.optionalString("embedding_model")
        return item
    }

    /// The `data` of a `wear` record.
    public static func encode(_ wear: WearEvent) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("date", .string(wear.date.description)),
            ("items", .array(wear.items.map { .string($0.description) })),
        ]
        if let outfit = wear.outfit { members.append(("outfit", .string(outfit))) }
        members.append(("source", .string(wear.source.rawValue)))
        return .object(members)
    }

    /// Reads the `data` of a `wear` record.
    public static func decodeWear(_ data: JSONValue) throws(RecordFailure) -> WearEvent {
        let fields = try RecordFields(data)
        return WearEvent(
            date: try fields.date("date"), items: try fields.itemIDs("items"),
            outfit: try fields.optionalString("outfit"), source: try fields.enumeration("source", WearSource.self))
    }

    /// The `data` of a `feedback` record.
    public static func encode(_ feedback: FeedbackEvent) -> JSONValue {
        .object([
            ("recommendation", .string(feedback.recommendation)),
            ("outfit", .array(feedback.outfit.map { .string($0.description) })),
            ("action", .string(feedback.action.rawValue)),
            ("time", .string(feedback.time.description)),
        ])
    }

    /// Reads the `data` of a `feedback` record.
    public static func decodeFeedback(_ data: JSONValue) throws(RecordFailure) -> FeedbackEvent {
        let fields = try RecordFields(data)
        return FeedbackEvent(
            recommendation: try fields.string("recommendation"), outfit: try fields.itemIDs("outfit"),
            action: try fields.enumeration("action", FeedbackAction.self), time: try fields.timestamp("time"))
    }

    /// The `data` of a journal record for `change`.
    public static func encode(_ change: InventoryChange) -> JSONValue {
        switch change {
        case .putItem(let item): encode(item)
        case .deleteItem(let id): .object([("id", .string(id.description))])
        case .mergeItems(let into, let from):
            .object([("into", .string(into.description)), ("from", .string(from.description))])
        case .wear(let wear): encode(wear)
        case .laundry(let items, let state):
            .object([("items", .array(items.map { .string($0.description) })), ("state", .string(state.rawValue))])
        case .seen(let id, let time): .object([("id", .string(id.description)), ("time", .string(time.description))])
        case .feedback(let feedback): encode(feedback)
        }
    }

    /// Reads a journal record of `kind`.
    public static func decodeChange(kind: String, data: JSONValue) throws(RecordFailure) -> InventoryChange {
        switch kind {
        case "item": return .putItem(try decodeItem(data))
        case "item.delete": return .deleteItem(try RecordFields(data).itemID("id"))
        case "item.merge":
            let fields = try RecordFields(data)
            return .mergeItems(into: try fields.itemID("into"), from: try fields.itemID("from"))
        case "wear": return .wear(try decodeWear(data))
        case "laundry":
            let fields = try RecordFields(data)
            return .laundry(
                items: try fields.itemIDs("items"), state: try fields.enumeration("state", LaundryState.self))
        case "seen":
            let fields = try RecordFields(data)
            return .seen(try fields.itemID("id"), at: try fields.timestamp("time"))
        case "feedback": return .feedback(try decodeFeedback(data))
        default: throw RecordFailure("unknown record kind \"\(kind)\"")
        }
    }

    /// Base64 of the vector's little-endian float32 bytes.
    public static func encodeEmbedding(_ vector: [Float]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(vector.count * 4)
        for value in vector {
            let bits = value.bitPattern.littleEndian
            withUnsafeBytes(of: bits) { bytes.append(contentsOf: $0) }
        }
        return Base64.encode(bytes)
    }

    /// The vector from `encodeEmbedding`'s text, or nil when malformed or not finite.
    public static func decodeEmbedding(_ text: String) -> [Float]? {
        guard let bytes = Base64.decode(text), bytes.count % 4 == 0 else { return nil }
        var vector: [Float] = []
        vector.reserveCapacity(bytes.count / 4)
        var index = 0
        while index < bytes.count {
            let bits =
                UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16
                | UInt32(bytes[index + 3]) << 24
            let value = Float(bitPattern: bits)
            guard value.isFinite else { return nil }
            vector.append(value)
            index += 4
        }
        return vector
    }
}
