/// What colour harmony needs of one item, computed once per item so that pair tables judge pairs cheaply.
struct ColourProfile: Sendable {
    let known: Bool
    let neutral: Bool
    let hueDegrees: Double

    init(_ colour: GarmentColour) {
        if let value = colour.effectiveColour {
            known = true
            neutral = colour.isNeutral
            hueDegrees = value.hueDegrees
        } else {
            known = false
            neutral = false
            hueDegrees = 0
        }
    }

    /// The same judgement as `ColourHarmony.judge` on the garments' colours.
    static func judge(_ a: ColourProfile, _ b: ColourProfile) -> ColourHarmony {
        guard a.known, b.known else { return .unknown }
        if a.neutral || b.neutral { return .neutral }
        return ColourHarmony.judgeHues(a.hueDegrees, b.hueDegrees)
    }
}
