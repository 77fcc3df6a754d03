/// One garment of the person's closet.
///
/// `wornDates` (and so `wearCount`, `lastWorn`) are derived from the wear log whenever the store loads; they are never written
/// with the item, so they cannot disagree with the log.
public struct ClosetItem: Equatable, Sendable {
    public var id: ItemID
    public var category: GarmentCategory
    public var colour: ColourName
    /// The colour measured by the camera, when the item was seen by it.
    public var measuredColour: MeasuredColour?
    public var pattern: GarmentPattern
    /// Re-identification embeddings, one per distinct view, oldest first (at most `maximumEmbeddings`).
    public var embeddings: [[Float]]
    /// The garment model whose embedding space `embeddings` lie in (its SHA-256, hex); nil when not recorded
    /// (embeddings written before closetd recorded it). Another model's embeddings cannot be compared with them.
    public var embeddingModel: String?
    /// The thumbnail's file name inside `<state>/thumbnails/`.
    public var thumbnail: String?
    /// When the item entered the closet (first seen by the camera, or added by hand).
    public var firstSeen: Timestamp
    /// When the camera last saw the item.
    public var lastSeen: Timestamp?
    public var laundry: LaundryState
    /// Thermal insulation in clo; starts at the category's default.
    public var warmth: Double
    /// The person's own name for the item.
    public var name: String?
    public var notes: String?
    /// What the item cost, in the person's currency.
    public var price: Double?
    /// Archived items stay in the history but are never recommended.
    public var archived: Bool

    /// The dates the item was worn, ascending, each once (derived from the wear log).
    public internal(set) var wornDates: [CalendarDate] = []
    /// On how many dates the item was worn.
    public var wearCount: Int { wornDates.count }
    /// The latest date the item was worn.
    public var lastWorn: CalendarDate? { wornDates.last }

    /// The most embeddings an item keeps; merging two items keeps the newest of both.
    public static let maximumEmbeddings = 32

    /// A new item with defaults for everything the caller does not know yet.
    public init(
        id: ItemID, category: GarmentCategory, colour: ColourName, measuredColour: MeasuredColour? = nil,
        pattern: GarmentPattern = .solid, embeddings: [[Float]] = [], embeddingModel: String? = nil,
        thumbnail: String? = nil,
        firstSeen: Timestamp, lastSeen: Timestamp? = nil, laundry: LaundryState = .clean, warmth: Double? = nil,
        name: String? = nil, notes: String? = nil, price: Double? = nil, archived: Bool = false
    ) {
        self.id = id
        self.category = category
        self.colour = colour
        self.measuredColour = measuredColour
        self.pattern = pattern
        self.embeddings = embeddings
        self.embeddingModel = embeddingModel
        self.thumbnail = thumbnail
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
        self.laundry = laundry
        self.warmth = warmth ?? category.defaultWarmth
        self.name = name
        self.notes = notes
        self.price = price
        self.archived = archived
    }

    /// Price divided by wears (the price itself before the first wear); nil without a price.
    public var costPerWear: Double? {
        guard let price else { return nil }
        return price / Double(max(wearCount, 1))
    }

    /// A short human description: the name, or colour and category (`black jeans`).
    public var displayName: String { name ?? "\(colour.rawValue) \(category.rawValue)" }
}
