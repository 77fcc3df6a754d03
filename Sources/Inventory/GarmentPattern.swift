/// The surface pattern of an item, as the pattern classifier or the user names it.
public enum GarmentPattern: String, CaseIterable, Sendable {
    case solid, striped, checked, dotted, floral, printed, other

    /// All names, for help texts and error messages.
    public static var namesList: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
