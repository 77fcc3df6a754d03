import Foundation

/// The unary parts of the score, for one item on one day: rotation and preference.
enum ItemScoring {
    /// Rotation: a penalty for items worn in the last `recentDays`, a bonus growing with the days since last worn
    /// (never worn counts as long ago), and its reason when worth saying (only built when `withReason`: the tables
    /// score every item every morning).
    static func rotation(
        _ garment: Garment, on weather: Weather, settings: RecommenderSettings, withReason: Bool = true
    ) -> (score: Double, reason: String?) {
        guard let lastWorn = garment.lastWorn else {
            return (settings.rotationBonus, withReason ? "\(garment.name): not worn yet" : nil)
        }
        let days = max(0, weather.daysSince(lastWorn))
        if days < settings.recentDays {
            let penalty = settings.recentWearPenalty * Double(settings.recentDays - days) / Double(settings.recentDays)
            guard withReason else { return (-penalty, nil) }
            let when = days == 0 ? "today" : days == 1 ? "yesterday" : "\(days) days ago"
            return (-penalty, "\(garment.name): worn \(when)")
        }
        let ramp = min(Double(days - settings.recentDays), Double(settings.rotationRampDays))
        let bonus = settings.rotationBonus * ramp / Double(max(1, settings.rotationRampDays))
        let reason =
            withReason && days >= settings.rotationReasonDays ? "\(garment.name): not worn for \(days) days" : nil
        return (bonus, reason)
    }

    /// Preference: the person's explicit liking of the item (-1...1) times its weight.
    static func preference(
        _ garment: Garment, settings: RecommenderSettings, withReason: Bool = true
    ) -> (score: Double, reason: String?) {
        let value = min(max(garment.preference, -1), 1)
        let reason = withReason && value >= 0.5 ? "\(garment.name): a favourite" : nil
        return (settings.preferenceWeight * value, reason)
    }
}
