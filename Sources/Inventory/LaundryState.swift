/// Where an item is in the laundry cycle: clean → worn (after a wear) → dirty (in the basket) → clean (washed).
public enum LaundryState: String, CaseIterable, Sendable {
    case clean, worn, dirty
}
