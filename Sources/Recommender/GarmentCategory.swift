/// What kind of garment an item is: the 12 product types the recogniser knows, plus shoes, bags and accessories.
///
/// The raw values are the names the inventory stores and the `outfit/today` JSON carries.
public enum GarmentCategory: String, CaseIterable, Codable, Sendable {
    case dresses, tops
    case tShirts = "t-shirts"
    case shirts, blouses, jackets, shorts, pants, jeans, skirts, jumpsuits, coats, shoes, bags, accessories

    /// The slot this category fills in an outfit; bags and accessories fill none (outfits do not include them).
    public var slot: OutfitSlot? {
        switch self {
        case .tops, .tShirts, .shirts, .blouses: .top
        case .shorts, .pants, .jeans, .skirts: .bottom
        case .dresses, .jumpsuits: .onePiece
        case .jackets, .coats: .outerwear
        case .shoes: .shoes
        case .bags, .accessories: nil
        }
    }

    /// How warm a typical item of this category is, in warmth units (a T-shirt is 1, a coat 5).
    ///
    /// An item's own `Garment.warmth` overrides this; `RecommenderSettings.categoryWarmth` overrides it per category.
    public var defaultWarmth: Double {
        switch self {
        case .tShirts: 1
        case .tops, .blouses: 1.5
        case .shirts: 2
        case .shorts: 0.5
        case .skirts: 1
        case .pants, .jeans: 2
        case .dresses: 2
        case .jumpsuits: 3
        case .jackets: 3
        case .coats: 5
        case .shoes: 0.5
        case .bags, .accessories: 0
        }
    }
}
