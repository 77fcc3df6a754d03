/// Reads typed fields of a record's `data` object, failing with the field's name and the reason.
struct RecordFields {
    let data: JSONValue

    init(_ data: JSONValue) throws(RecordFailure) {
        guard case .object = data else { throw RecordFailure("data is not an object") }
        self.data = data
    }

    func optional(_ key: String) -> JSONValue? {
        guard let value = data[key], !value.isNull else { return nil }
        return value
    }

    func string(_ key: String) throws(RecordFailure) -> String {
        guard let text = data[key]?.stringValue else { throw RecordFailure("\(key): missing or not a string") }
        return text
    }

    func optionalString(_ key: String) throws(RecordFailure) -> String? {
        guard let value = optional(key) else { return nil }
        guard let text = value.stringValue else { throw RecordFailure("\(key): not a string") }
        return text
    }

    func optionalNumber(_ key: String) throws(RecordFailure) -> Double? {
        guard let value = optional(key) else { return nil }
        guard let number = value.numberValue else { throw RecordFailure("\(key): not a number") }
        return number
    }

    func integer(_ key: String) throws(RecordFailure) -> Int64 {
        guard let number = data[key]?.integerValue else { throw RecordFailure("\(key): missing or not an integer") }
        return number
    }

    func enumeration<T: RawRepresentable>(_ key: String, _: T.Type) throws(RecordFailure) -> T
    where T.RawValue == String {
        let text = try string(key)
        guard let value = T(rawValue: text) else { throw RecordFailure("\(key): unknown value \"\(text)\"") }
        return value
    }

    func itemID(_ key: String) throws(RecordFailure) -> ItemID {
        let text = try string(key)
        guard let id = ItemID(text) else { throw RecordFailure("\(key): not an item id: \"\(text)\"") }
        return id
    }

    func itemIDs(_ key: String) throws(RecordFailure) -> [ItemID] {
        guard let elements = data[key]?.arrayValue else { throw RecordFailure("\(key): missing or not an array") }
        var ids: [ItemID] = []
        ids.reserveCapacity(elements.count)
        for element in elements {
            guard let text = element.stringValue, let id = ItemID(text) else {
                throw RecordFailure("\(key): not a list of item ids")
            }
            ids.append(id)
        }
        return ids
    }

    func date(_ key: String) throws(RecordFailure) -> CalendarDate {
        let text = try string(key)
        guard let date = CalendarDate(text) else { throw RecordFailure("\(key): not a YYYY-MM-DD date: \"\(text)\"") }
        return date
    }

    func timestamp(_ key: String) throws(RecordFailure) -> Timestamp {
        let text = try string(key)
        guard let time = Timestamp(text) else { throw RecordFailure("\(key): not a UTC timestamp: \"\(text)\"") }
        return time
    }

    func optionalTimestamp(_ key: String) throws(RecordFailure) -> Timestamp? {
        guard optional(key) != nil else { return nil }
        return try timestamp(key)
    }
}
