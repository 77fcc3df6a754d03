/// The first line of a snapshot: its format version and the last journal sequence number it includes.
public struct SnapshotHeader: Equatable, Sendable {
    /// Format version of the snapshot and of the journal records that follow it.
    public var schema: Int
    /// Journal records up to and including this sequence number are in the snapshot.
    public var through: UInt64
    /// The number the next new item gets.
    public var nextItem: UInt32
    /// When the snapshot was written.
    public var created: Timestamp

    public init(schema: Int, through: UInt64, nextItem: UInt32, created: Timestamp) {
        self.schema = schema
        self.through = through
        self.nextItem = nextItem
        self.created = created
    }

    var data: JSONValue {
        .object([
            ("schema", .number(Double(schema))), ("through", .number(Double(through))),
            ("next_item", .number(Double(nextItem))), ("created", .string(created.description)),
        ])
    }

    init(decoding data: JSONValue) throws(RecordFailure) {
        let fields = try RecordFields(data)
        let schema = try fields.integer("schema")
        let through = try fields.integer("through")
        let nextItem = try fields.integer("next_item")
        guard through >= 0, nextItem >= 1, nextItem <= Int64(ItemID.largestNumber) + 1 else {
            throw RecordFailure("through or next_item out of range")
        }
        self.init(
            schema: Int(clamping: schema), through: UInt64(through), nextItem: UInt32(nextItem),
            created: try fields.timestamp("created"))
    }
}
