import Inventory

/// A garment's dominant colour: its name and the measured CIELAB value (with its sRGB equivalent).
public struct ColourEstimate: Sendable, Equatable {
    public var name: ColourName
    public var lightness: Double, a: Double, b: Double
    /// Share of the sampled pixels in the dominant cluster.
    public var share: Double

    /// An estimate.
    public init(name: ColourName, lightness: Double, a: Double, b: Double, share: Double) {
        self.name = name
        self.lightness = lightness
        self.a = a
        self.b = b
        self.share = share
    }

    /// The measured value as sRGB.
    public var measured: MeasuredColour { ColourNaming.srgb(lightness: lightness, a: a, b: b) }
}
