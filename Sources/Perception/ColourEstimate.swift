import Inventory

/// A garment's dominant colour: its name and the measured CIELAB value (with its sRGB equivalent).
public struct ColourEstimate: Sendable, Equatable {
    public var name: ColourName
    public var lightness: Double, a: Double, b: Double
    /// Share of the sampled pixels in the dominant cluster.
    public var share: Double
    /// False when every sizeable cluster looked like what surrounds the garment (for shoes: the floor, or the hems
    /// of the trousers over them), so the value may be theirs: pooling does not count it as a vote.
    public var settled: Bool

    /// An estimate.
    public init(name: ColourName, lightness: Double, a: Double, b: Double, share: Double, settled: Bool = true) {
        self.name = name
        self.lightness = lightness
        self.a = a
        self.b = b
        self.share = share
        self.settled = settled
    }

    /// The measured value as sRGB.
    public var measured: MeasuredColour { ColourNaming.srgb(lightness: lightness, a: a, b: b) }
}
