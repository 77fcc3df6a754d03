/// One item of a recommended outfit, as the `outfit/today` JSON shows it.
public struct OutfitItem: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var category: GarmentCategory
    public var slot: OutfitSlot
    /// The colour's name.
    public var colour: String
    /// The thumbnail path or URL from the inventory, if any.
    public var thumbnail: String?

    public init(_ garment: Garment) {
        id = garment.id
        name = garment.name
        category = garment.category
        slot = garment.category.slot ?? .top
        colour = garment.colour.name
        thumbnail = garment.thumbnail
    }
}
