/// A position in an outfit template, filled by exactly one item.
///
/// The declaration order is the canonical order of an outfit's items (every template lists its slots in it).
public enum OutfitSlot: String, CaseIterable, Codable, Sendable {
    case top, bottom
    case onePiece = "one-piece"
    case shoes, outerwear

    /// The slot's position in `allCases` (an index into per-slot tables).
    var index: Int {
        switch self {
        case .top: 0
        case .bottom: 1
        case .onePiece: 2
        case .shoes: 3
        case .outerwear: 4
        }
    }
}
