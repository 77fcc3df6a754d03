/// How two colours combine, judged the way a stylist would: neutrals go with anything, analogous hues (neighbours
/// on the colour wheel) and complementary hues (opposites) go together, other pairs clash.
public enum ColourHarmony: String, Codable, Sendable {
    case neutral, analogous, complementary, clash
    /// One of the colours is unknown: the pair earns nothing either way.
    case unknown

    /// Judges a pair of colours.
    public static func judge(_ first: GarmentColour, _ second: GarmentColour) -> ColourHarmony {
        guard let a = first.effectiveColour, let b = second.effectiveColour else { return .unknown }
        if first.isNeutral || second.isNeutral { return .neutral }
        return judgeHues(a.hueDegrees, b.hueDegrees)
    }

    /// Judges two hues (degrees) of non-neutral colours.
    static func judgeHues(_ first: Double, _ second: Double) -> ColourHarmony {
        let difference = hueDistance(first, second)
        if difference <= analogousDegrees { return .analogous }
        if difference >= complementaryDegrees { return .complementary }
        return .clash
    }

    /// Hues at most this far apart are analogous.
    static let analogousDegrees = 40.0
    /// Hues at least this far apart are complementary (the painter's wheel is not the HSV wheel: red–green and
    /// yellow–purple are ~130° apart in HSV).
    static let complementaryDegrees = 125.0

    /// The distance of two hues in 0..<360 around the wheel, 0...180.
    @inline(__always)
    static func hueDistance(_ first: Double, _ second: Double) -> Double {
        let difference = abs(first - second)
        return difference > 180 ? 360 - difference : difference
    }

    /// The reason text for a pair, e.g. `navy + white` or `orange + blue (complementary)`; nil when not worth saying.
    public func reason(_ first: String, _ second: String) -> String? {
        switch self {
        case .neutral: "\(first) + \(second)"
        case .analogous: first == second ? "tone-on-tone \(first)" : "\(first) + \(second) (analogous)"
        case .complementary: "\(first) + \(second) (complementary)"
        case .clash, .unknown: nil
        }
    }
}
