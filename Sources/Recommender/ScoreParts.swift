/// An outfit's score split into the parts it is the sum of (each already scaled as in the total).
public struct ScoreParts: Codable, Sendable, Equatable {
    /// Colour harmony of its item pairs.
    public var colour: Double
    /// Learned compatibility of its item pairs (0 while the model has no history).
    public var learned: Double
    /// Rotation: bonus for items not worn for long, penalty for items worn in the last days.
    public var rotation: Double
    /// The person's explicit preferences.
    public var preference: Double

    public init(colour: Double, learned: Double, rotation: Double, preference: Double) {
        self.colour = colour
        self.learned = learned
        self.rotation = rotation
        self.preference = preference
    }

    /// The sum of the parts (equal to the outfit's score up to rounding).
    public var total: Double { colour + learned + rotation + preference }
}
