/// The named colour of an item: the 11 basic colour terms the colour classifier uses.
public enum ColourName: String, CaseIterable, Sendable {
    case black, blue, brown, green, grey, orange, pink, purple, red, white, yellow

    /// Parses a colour name, forgiving case and the American `gray`.
    public init?(parsing text: String) {
        let key = text.lowercased()
        if key == "gray" {
            self = .grey
        } else if let colour = ColourName(rawValue: key) {
            self = colour
        } else {
            return nil
        }
    }

    /// All names, for help texts and error messages.
    public static var namesList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
