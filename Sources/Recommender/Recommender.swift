import Foundation

/// Morning outfit recommendations from the person's own closet.
///
/// Wiring (done by the daemon, not here): each morning at `recommend.time`, and for `closetd recommend`,
/// 1. map the inventory's items to `Garment` (clean/archived flags, last worn, embedding),
/// 2. build a `Weather` from the temperature topic or config (nil → the season of the date),
/// 3. load the model with `CompatibilityModelFile.load(path:)` from `<state_dir>/recommender-model.bin`,
/// 4. call `recommend(closet:weather:)` and publish `recommendation.jsonData()` retained on `outfit/today`,
/// 5. on feedback or a worn outfit, call `CompatibilityTrainer.learn` and save the model with
///    `CompatibilityModelFile.save(_:path:)`.
public struct Recommender: Sendable {
    public var settings: RecommenderSettings
    /// The learned compatibility; nil or untrained: the rules alone decide.
    public var model: CompatibilityModel?

    public init(settings: RecommenderSettings = RecommenderSettings(), model: CompatibilityModel? = nil) {
        self.settings = settings
        self.model = model
    }

    /// The best `count` outfits for the day, no two sharing more than one item, with reasons.
    ///
    /// Only clean, non-archived items are used; every outfit's warmth suits the day's temperature (or season) and
    /// rainy days get outerwear. Fewer than `count` outfits (even none) when the closet cannot make more; at most 32.
    /// - Parameter id: the recommendation id; by default the local day plus a random suffix.
    public func recommend(closet: [Garment], weather: Weather, count: Int = 3, id: String? = nil) -> Recommendation {
        let tables = ScoreTables(closet: closet, weather: weather, settings: settings, model: model)
        let found = OutfitSearch.topOutfits(tables, count: count)
        let outfits = found.map { OutfitExplainer.explain($0, tables: tables, weather: weather, settings: settings) }
        let suffix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
        return Recommendation(
            id: id ?? "\(weather.localDay)-\(suffix)", date: weather.localDay,
            weather: Recommendation.WeatherSummary(weather), outfits: outfits)
    }
}
