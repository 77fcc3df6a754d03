/// What kind of garment an item is: the 12 product types the detector knows, plus shoes, bags and accessories.
public enum GarmentCategory: String, CaseIterable, Sendable {
    case dresses, tops
    case tshirts = "t-shirts"
    case shirts, blouses, jackets, shorts, pants, jeans, skirts, jumpsuits, coats
    case shoes, bags, accessories

    /// Parses a category name, forgiving case and the spelling of T-shirts (`tshirts`, `t-shirt`) and a singular.
    public init?(parsing text: String) {
        var key = String(text.lowercased().map { $0 == "_" ? "-" : $0 })
        if key == "tshirts" || key == "tshirt" || key == "t-shirt" || key == "tee" { key = "t-shirts" }
        if let exact = GarmentCategory(rawValue: key) {
            self = exact
        } else if key == "dress" {
            self = .dresses
        } else if key == "blouse" {
            self = .blouses
        } else if let plural = GarmentCategory(rawValue: key + "s") {
            self = plural
        } else {
            return nil
        }
    }

    /// Default warmth in clo (thermal insulation, ISO 9920 ballpark figures); the user can edit an item's own.
    public var defaultWarmth: Double {
        switch self {
        case .dresses: 0.3
        case .tops: 0.15
        case .tshirts: 0.08
        case .shirts: 0.2
        case .blouses: 0.15
        case .jackets: 0.35
        case .shorts: 0.06
        case .pants: 0.25
        case .jeans: 0.25
        case .skirts: 0.15
        case .jumpsuits: 0.4
        case .coats: 0.6
        case .shoes: 0.04
        case .bags: 0
        case .accessories: 0.02
        }
    }

    /// The 12 garment types the detector reports (everything but shoes, bags and accessories).
    public var isDetectedGarment: Bool { self != .shoes && self != .bags && self != .accessories }

    /// All names, for help texts and error messages.
    public static var namesList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
