import Foundation

/// A morning's recommendation: its id (for feedback), the day, the weather it was made for and the outfits, best
/// first. Its JSON (`jsonData()`) is the retained payload of `closetd/<id>/outfit/today`.
///
/// ```json
/// {"id": "2026-11-23-4f2a9c", "date": "2026-11-23",
///  "weather": {"temperature_celsius": 6, "rain": false, "season": "autumn", "temperature_source": "measured"},
///  "outfits": [{"index": 0, "template": "top+bottom+shoes+outerwear", "score": 2.41,
///               "parts": {"colour": 0.9, "learned": 0.3, "rotation": 1.2, "preference": 0},
///               "reasons": ["navy + white", "white shirt: not worn for 34 days", "warm enough for 6 °C"],
///               "warmth": 8.5,
///               "items": [{"id": "i17", "name": "white shirt", "category": "shirts", "slot": "top",
///                          "colour": "white", "thumbnail": "thumbs/i17.jpg"}, …]}]}
/// ```
public struct Recommendation: Codable, Sendable, Equatable {
    /// Names this recommendation in feedback (`{"recommendation": ID, "outfit": N, "action": …}`).
    public var id: String
    /// The local day, `YYYY-MM-DD`.
    public var date: String
    public var weather: WeatherSummary
    public var outfits: [Outfit]

    /// The weather as the payload reports it.
    public struct WeatherSummary: Codable, Sendable, Equatable {
        /// The temperature the outfits were chosen for, °C.
        public var temperatureCelsius: Double
        public var rain: Bool
        public var season: Season
        /// `measured` when a temperature was given, `season` when the season's typical value stood in.
        public var temperatureSource: String

        enum CodingKeys: String, CodingKey {
            case temperatureCelsius = "temperature_celsius"
            case rain, season
            case temperatureSource = "temperature_source"
        }

        public init(_ weather: Weather) {
            temperatureCelsius = weather.effectiveTemperatureCelsius
            rain = weather.isRaining
            season = weather.season
            temperatureSource = weather.temperatureCelsius == nil ? "season" : "measured"
        }
    }

    public init(id: String, date: String, weather: WeatherSummary, outfits: [Outfit]) {
        self.id = id
        self.date = date
        self.weather = weather
        self.outfits = outfits
    }

    /// The outfit that was worn, when the camera saw all of its items (wearing it counts as accepting it): the first
    /// outfit whose items are all among `wornItemIDs`.
    public func outfitIndex(wornItemIDs: Set<String>) -> Int? {
        outfits.firstIndex { outfit in outfit.items.allSatisfy { wornItemIDs.contains($0.id) } }
    }

    /// The `outfit/today` payload: compact JSON with sorted keys, scores rounded to 3 decimals; each outfit carries
    /// its `index` (0-based, the `outfit` number feedback refers to).
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(Payload(self))
    }

    /// The wire form: outfits numbered.
    private struct Payload: Encodable {
        let id: String
        let date: String
        let weather: WeatherSummary
        let outfits: [NumberedOutfit]

        init(_ recommendation: Recommendation) {
            id = recommendation.id
            date = recommendation.date
            weather = recommendation.weather
            outfits = recommendation.outfits.enumerated().map { NumberedOutfit(index: $0.offset, outfit: $0.element) }
        }
    }

    private struct NumberedOutfit: Encodable {
        let index: Int
        let outfit: Outfit

        enum CodingKeys: String, CodingKey { case index }

        func encode(to encoder: Encoder) throws {
            // Three decimals are plenty for people and Home Assistant templates.
            func rounded(_ value: Double) -> Double { (value * 1000).rounded() / 1000 }
            var shown = outfit
            shown.score = rounded(outfit.score)
            shown.parts = ScoreParts(
                colour: rounded(outfit.parts.colour), learned: rounded(outfit.parts.learned),
                rotation: rounded(outfit.parts.rotation), preference: rounded(outfit.parts.preference))
            try shown.encode(to: encoder)
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(index, forKey: .index)
        }
    }
}
