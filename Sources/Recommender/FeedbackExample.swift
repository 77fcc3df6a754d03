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

    /// The example an action on an outfit gives: accept → positive, reject → negative, next → none.
    public init?(_ action: FeedbackAction, outfit: Outfit) {
        switch action {
        case .accept: self.init(itemIDs: outfit.itemIDs, isPositive: true)
        case .reject: self.init(itemIDs: outfit.itemIDs, isPositive: false)
        case .next: return nil
        }
    }

    /// The positives of a wear log.
    public static func positives(from wearLog: [WearRecord]) -> [FeedbackExample] {
        wearLog.map { FeedbackExample(itemIDs: $0.itemIDs, isPositive: true) }
    }
}
