import Inventory

/// The detector's five coarse classes, in its output order, and the product categories each covers.
public enum CoarseGarmentClass: Int, CaseIterable, Sendable, Hashable {
    case top, bottom, onePiece, outerwear, shoes

    /// The categories of this class.
    public var categories: [GarmentCategory] {
        switch self {
        case .top: [.tshirts, .tops, .shirts, .blouses]
        case .bottom: [.shorts, .pants, .jeans, .skirts]
        case .onePiece: [.dresses, .jumpsuits]
        case .outerwear: [.jackets, .coats]
        case .shoes: [.shoes]
        }
    }

    /// The class of a category; nil for bags and accessories.
    public init?(category: GarmentCategory) {
        guard let found = CoarseGarmentClass.allCases.first(where: { $0.categories.contains(category) }) else { return nil }
        self = found
    }

    /// The name used in logs and files.
    public var name: String {
        switch self {
        case .top: "top"
        case .bottom: "bottom"
        case .onePiece: "one-piece"
        case .outerwear: "outerwear"
        case .shoes: "shoes"
        }
    }
}
