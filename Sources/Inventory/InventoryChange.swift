/// One change to the inventory: what one journal record says. Current state is the snapshot plus these, in
/// sequence order.
public enum InventoryChange: Sendable {
    /// Adds an item or replaces all of its own fields (`kind: item`).
    case putItem(ClosetItem)
    /// Removes an item and its entries in the wear log (`kind: item.delete`).
    case deleteItem(ItemID)
    /// Folds `from` into `into`: wears, sightings and embeddings combine; `from` becomes an alias (`kind: item.merge`).
    case mergeItems(into: ItemID, from: ItemID)
    /// Logs a wear; items already worn that date are ignored (`kind: wear`).
    case wear(WearEvent)
    /// Sets the laundry state of items (`kind: laundry`).
    case laundry(items: [ItemID], state: LaundryState)
    /// The camera saw an item (`kind: seen`).
    case seen(ItemID, at: Timestamp)
    /// Logs feedback on a recommendation (`kind: feedback`).
    case feedback(FeedbackEvent)

    /// The record kind written in the journal.
    public var kind: String {
        switch self {
        case .putItem: "item"
        case .deleteItem: "item.delete"
        case .mergeItems: "item.merge"
        case .wear: "wear"
        case .laundry: "laundry"
        case .seen: "seen"
        case .feedback: "feedback"
        }
    }
}
