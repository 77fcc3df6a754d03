/// Which outfit warmth (the sum of its items' warmth) suits a temperature, and what rain demands.
///
/// Lower bound: 2 units, plus `lowerSlope` per °C below `comfortableCelsius`, capped at `lowerCap` (so even
/// freezing days have a feasible coat outfit). Upper bound: 4.5 units plus `upperSlope` per °C below `warmCelsius`.
/// With the defaults: 28 °C → 2...4.5 (T-shirt + shorts + shoes = 2); 15 °C → 2.9...8; 6 °C → 5.6...12.5 (needs
/// outerwear); -5 °C → 8...18 (needs a coat).
public struct WarmthRule: Sendable, Equatable {
    public var baseLower = 2.0
    public var comfortableCelsius = 18.0
    public var lowerSlope = 0.3
    public var lowerCap = 8.0
    public var baseUpper = 4.5
    public var warmCelsius = 22.0
    public var upperSlope = 0.5
    /// Rain requires outerwear below this temperature (above it, the warmth bound would forbid most outerwear).
    public var rainOuterwearBelowCelsius = 18.0

    public init() {}

    /// The allowed outfit warmth at a temperature, inclusive.
    public func range(forCelsius temperature: Double) -> ClosedRange<Double> {
        let lower = min(lowerCap, baseLower + max(0, comfortableCelsius - temperature) * lowerSlope)
        let upper = baseUpper + max(0, warmCelsius - temperature) * upperSlope
        return lower...max(lower, upper)
    }

    /// Whether an outfit must include outerwear on this day.
    public func requiresOuterwear(_ weather: Weather) -> Bool {
        weather.isRaining && weather.effectiveTemperatureCelsius < rainOuterwearBelowCelsius
    }
}
