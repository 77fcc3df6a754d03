/// The colour names closetd knows, with a representative sRGB value for items that have a name but no measurement.
public enum ColourNames {
    /// Lower-case name → representative colour.
    public static let table: [String: SRGBColour] = [
        "black": .init(red8: 20, green8: 20, blue8: 22),
        "white": .init(red8: 245, green8: 245, blue8: 242),
        "grey": .init(red8: 128, green8: 128, blue8: 128),
        "gray": .init(red8: 128, green8: 128, blue8: 128),
        "charcoal": .init(red8: 60, green8: 62, blue8: 66),
        "navy": .init(red8: 25, green8: 35, blue8: 80),
        "brown": .init(red8: 110, green8: 70, blue8: 40),
        "beige": .init(red8: 220, green8: 200, blue8: 165),
        "cream": .init(red8: 245, green8: 235, blue8: 210),
        "khaki": .init(red8: 190, green8: 175, blue8: 130),
        "red": .init(red8: 200, green8: 30, blue8: 40),
        "burgundy": .init(red8: 120, green8: 20, blue8: 45),
        "orange": .init(red8: 240, green8: 130, blue8: 30),
        "yellow": .init(red8: 240, green8: 210, blue8: 40),
        "olive": .init(red8: 110, green8: 115, blue8: 45),
        "green": .init(red8: 40, green8: 140, blue8: 60),
        "teal": .init(red8: 0, green8: 128, blue8: 128),
        "light blue": .init(red8: 150, green8: 190, blue8: 230),
        "blue": .init(red8: 40, green8: 90, blue8: 200),
        "denim": .init(red8: 60, green8: 90, blue8: 140),
        "purple": .init(red8: 120, green8: 50, blue8: 150),
        "pink": .init(red8: 240, green8: 150, blue8: 180),
    ]

    /// Names that count as neutral whatever their measurement says (they go with anything).
    public static let neutralNames: Set<String> = [
        "black", "white", "grey", "gray", "charcoal", "navy", "brown", "beige", "cream", "khaki", "denim",
    ]
}
