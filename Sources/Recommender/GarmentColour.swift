/// An item's colour: the name people use for it and, when the camera measured it, the measured value.
public struct GarmentColour: Codable, Sendable, Hashable {
    /// The name shown in reasons and JSON, e.g. `navy`.
    public var name: String
    /// The measured colour; without one, the name's entry in `ColourNames.table` stands in.
    public var measured: SRGBColour?

    public init(name: String, measured: SRGBColour? = nil) {
        self.name = name
        self.measured = measured
    }

    /// The colour used for harmony: the measurement, or the name's representative value, or nil when neither.
    public var effectiveColour: SRGBColour? {
        measured ?? ColourNames.table[name.lowercased()]
    }

    /// Neutrals (black, white, grey and, by judgement, navy, brown, beige, denim) go with anything.
    ///
    /// A neutral name decides; otherwise a measurement with little chroma, a dark blue (navy) or a dark, muted
    /// orange (brown) counts as neutral.
    public var isNeutral: Bool {
        if ColourNames.neutralNames.contains(name.lowercased()) { return true }
        guard let colour = effectiveColour else { return false }
        let lab = colour.lab
        let chroma = colour.chroma
        let hue = colour.hueDegrees
        if chroma < 12 { return true }
        if lab.lightness < 30 && hue >= 200 && hue <= 260 { return true }  // navy
        if lab.lightness < 50 && hue >= 10 && hue <= 50 && chroma < 45 { return true }  // brown
        if lab.lightness > 70 && hue >= 20 && hue <= 60 && chroma < 25 { return true }  // beige
        return false
    }
}
