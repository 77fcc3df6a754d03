/// Why a change to the inventory was refused. Nothing is written when one of these is thrown.
public enum InventoryError: Error, Equatable, Sendable, CustomStringConvertible {
    /// No item has this id (see `closetd inventory list`).
    case unknownItem(ItemID)
    /// A value is out of range or malformed.
    case invalidValue(field: String, reason: String)
    /// Merging an item into itself.
    case mergeWithItself(ItemID)
    /// A wear or laundry change named no items.
    case noItems

    public var description: String {
        switch self {
        case .unknownItem(let id): "no item \(id) in the inventory (see `closetd inventory list`)"
        case .invalidValue(let field, let reason): "invalid \(field): \(reason)"
        case .mergeWithItself(let id): "cannot merge \(id) with itself"
        case .noItems: "no items given"
        }
    }
}
