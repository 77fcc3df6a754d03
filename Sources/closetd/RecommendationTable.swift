import Daemon

/// A recommendation as a person reads it in a terminal.
enum RecommendationTable {
    static func render(_ today: RecommendationDesk.Today) -> String {
        let recommendation = today.recommendation
        let weather = recommendation.weather
        var lines = [
            "Recommendation \(recommendation.id) for \(recommendation.date) "
                + "(\(Int(weather.temperatureCelsius.rounded())) °C, \(weather.temperatureSource)\(weather.rain ? ", rain" : ""))"
        ]
        if recommendation.outfits.isEmpty {
            lines.append("  no outfit: the closet has no clean combination for this weather")
        }
        for (index, outfit) in recommendation.outfits.enumerated() {
            let marker = index == today.current ? "*" : " "
            let items = outfit.items.map { "\($0.name) (\($0.id))" }.joined(separator: " + ")
            lines.append("\(marker)\(index). \(items)   score \(String(format: "%.2f", outfit.score))")
            if !outfit.reasons.isEmpty { lines.append("     " + outfit.reasons.joined(separator: "; ")) }
        }
        return lines.joined(separator: "\n")
    }
}
