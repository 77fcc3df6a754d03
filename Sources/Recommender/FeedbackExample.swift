/// One thing the person told us about an outfit: they wore or accepted it (positive) or rejected it (negative).
public struct FeedbackExample: Sendable, Hashable, Codable {
    /// The outfit's items, by inventory id.
    public var itemIDs: [String]
    /// True for worn / accepted, false for rejected.
    public var isPositive: Bool

    public init(itemIDs: [String], isPositive: Bool) {
        self.itemIDs = itemIDs
        self.isPositive = isPositive
    }

    /// The positives of a wear log.
    public static func positives(from wearLog: [WearRecord]) -> [FeedbackExample] {
        wearLog.map { FeedbackExample(itemIDs: $0.itemIDs, isPositive: true) }
    }
}
