/// How patterned an item's surface is. At most one bold item goes into an outfit.
public enum GarmentPattern: String, CaseIterable, Codable, Sendable {
    /// One colour, no visible pattern.
    case solid
    /// Fine stripes, small checks, a light texture: combines like a solid.
    case subtle
    /// Large prints, strong checks or stripes, florals: the outfit's one statement.
    case bold
}
