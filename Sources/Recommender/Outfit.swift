/// One recommended outfit: its items, its score, the score's parts and the reasons in words.
public struct Outfit: Codable, Sendable, Equatable {
    public var template: OutfitTemplate
    /// The items in template slot order (top, bottom, one-piece, shoes, outerwear).
    public var items: [OutfitItem]
    public var score: Double
    public var parts: ScoreParts
    /// Sentences for people, most telling first: "navy + white", "not worn for 34 days", "warm enough for 6 °C".
    public var reasons: [String]
    /// The sum of the items' warmth units.
    public var warmth: Double

    /// The inventory ids of the items, in slot order.
    public var itemIDs: [String] { items.map(\.id) }

    public init(
        template: OutfitTemplate, items: [OutfitItem], score: Double, parts: ScoreParts, reasons: [String],
        warmth: Double
    ) {
        self.template = template
        self.items = items
        self.score = score
        self.parts = parts
        self.reasons = reasons
        self.warmth = warmth
    }
}
