import Foundation

/// One item of the person's closet, as the recommender needs it.
///
/// Wiring: the inventory's item record maps onto this field by field (the inventory stays the owner of the data;
/// `lastWorn` and `wearCount` come from its wear history, `embedding` from the recogniser's garment embedding).
public struct Garment: Codable, Sendable, Hashable, Identifiable {
    /// The inventory's item id.
    public var id: String
    /// A short human name, e.g. `navy wool coat`.
    public var name: String
    public var category: GarmentCategory
    public var colour: GarmentColour
    public var pattern: GarmentPattern
    /// Warmth units (a T-shirt 1, a coat 5); nil uses the category's default.
    public var warmth: Double?
    /// The recogniser's embedding of this item; any length (items whose length differs from the model's, or that
    /// have none, get no learned score).
    public var embedding: [Float]
    /// The last day the item was worn, nil if never.
    public var lastWorn: Date?
    /// How often it was worn.
    public var wearCount: Int
    /// False while it is in the laundry: never recommended.
    public var isClean: Bool
    /// Archived items (given away, lost) are never recommended.
    public var isArchived: Bool
    /// The person's explicit preference, -1 (dislike) ... 1 (favourite); 0 when unknown.
    public var preference: Double
    /// Where the item's thumbnail is (a path or URL the inventory gives), carried into the JSON for the collage.
    public var thumbnail: String?

    public init(
        id: String, name: String, category: GarmentCategory, colour: GarmentColour,
        pattern: GarmentPattern = .solid, warmth: Double? = nil, embedding: [Float] = [],
        lastWorn: Date? = nil, wearCount: Int = 0, isClean: Bool = true, isArchived: Bool = false,
        preference: Double = 0, thumbnail: String? = nil
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.colour = colour
        self.pattern = pattern
        self.warmth = warmth
        self.embedding = embedding
        self.lastWorn = lastWorn
        self.wearCount = wearCount
        self.isClean = isClean
        self.isArchived = isArchived
        self.preference = preference
        self.thumbnail = thumbnail
    }

    /// Whether the item may appear in today's recommendations: clean, not archived, and fills an outfit slot.
    public var isAvailable: Bool { isClean && !isArchived && category.slot != nil }
}
