/// The shapes an outfit can take: top + bottom + shoes or one-piece + shoes, each with or without outerwear.
public enum OutfitTemplate: String, CaseIterable, Codable, Sendable, Comparable {
    case topBottomShoes = "top+bottom+shoes"
    case topBottomShoesOuterwear = "top+bottom+shoes+outerwear"
    case onePieceShoes = "one-piece+shoes"
    case onePieceShoesOuterwear = "one-piece+shoes+outerwear"

    /// The slots in their canonical order: the order of an outfit's items and of the score's sums.
    public var slots: [OutfitSlot] {
        switch self {
        case .topBottomShoes: [.top, .bottom, .shoes]
        case .topBottomShoesOuterwear: [.top, .bottom, .shoes, .outerwear]
        case .onePieceShoes: [.onePiece, .shoes]
        case .onePieceShoesOuterwear: [.onePiece, .shoes, .outerwear]
        }
    }

    /// Whether the template has an outerwear slot.
    public var hasOuterwear: Bool { slots.contains(.outerwear) }

    /// The order ties between equal scores are broken in (declaration order).
    var rank: Int {
        switch self {
        case .topBottomShoes: 0
        case .topBottomShoesOuterwear: 1
        case .onePieceShoes: 2
        case .onePieceShoesOuterwear: 3
        }
    }

    public static func < (lhs: OutfitTemplate, rhs: OutfitTemplate) -> Bool { lhs.rank < rhs.rank }
}
