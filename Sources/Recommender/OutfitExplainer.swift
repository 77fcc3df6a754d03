import Foundation

/// Turns a found outfit into its score parts and its reasons in words.
enum OutfitExplainer {
    static func explain(
        _ found: ScoredOutfit, tables: ScoreTables, weather: Weather, settings: RecommenderSettings
    ) -> Outfit {
        let template = found.template
        let slots = template.slots.map(\.index)
        let (unaryScale, pairScale) = ScoreTables.scales(slotCount: slots.count)
        let garments = found.closetIndices.map { tables.closet[$0] }
        var rotation = 0.0
        var preference = 0.0
        var colour = 0.0
        var learned = 0.0
        var rotationReasons: [(Double, String)] = []
        var preferenceReasons: [String] = []
        for k in 0..<slots.count {
            rotation += tables.rotation[slots[k]][found.positions[k]]
            preference += tables.preference[slots[k]][found.positions[k]]
            if let reason = ItemScoring.rotation(garments[k], on: weather, settings: settings).reason {
                rotationReasons.append((tables.rotation[slots[k]][found.positions[k]], reason))
            }
            if let reason = ItemScoring.preference(garments[k], settings: settings).reason {
                preferenceReasons.append(reason)
            }
        }
        var colourReasons: [(Double, Bool, String)] = []
        for a in 0..<slots.count {
            for b in (a + 1)..<slots.count {
                let harmony = ColourHarmony.judge(garments[a].colour, garments[b].colour)
                let value = settings.score(for: harmony)
                colour += value
                if let table = tables.learned[slots[a] * 5 + slots[b]] {
                    learned += Double(table[found.positions[a] * tables.items[slots[b]].count + found.positions[b]])
                }
                let involvesShoes = template.slots[a] == .shoes || template.slots[b] == .shoes
                if let text = harmony.reason(garments[a].colour.name, garments[b].colour.name) {
                    colourReasons.append((value, involvesShoes, text))
                }
            }
        }
        let parts = ScoreParts(
            colour: pairScale * colour, learned: pairScale * learned, rotation: unaryScale * rotation,
            preference: unaryScale * preference)

        var reasons: [String] = []
        let colourOrdered = colourReasons.sorted { ($0.1 ? 0 : 1, $0.0) > ($1.1 ? 0 : 1, $1.0) }
        for (_, _, text) in colourOrdered where !reasons.contains(text) && reasons.count < 2 { reasons.append(text) }
        if parts.learned > 0.1 { reasons.append("like the outfits you choose") }
        for (_, text) in rotationReasons.filter({ $0.0 > 0 }).sorted(by: { $0.0 > $1.0 }).prefix(2) {
            reasons.append(text)
        }
        reasons.append(contentsOf: preferenceReasons.prefix(1))
        reasons.append(weatherReason(weather, settings: settings, template: template))
        let warmth = tables.outfitWarmth(template, positions: found.positions)
        return Outfit(
            template: template, items: garments.map(OutfitItem.init), score: found.score, parts: parts,
            reasons: reasons, warmth: warmth)
    }

    /// "warm enough for 6 °C", "light enough for 27 °C", "right for 17 °C", or the season's, plus rain.
    static func weatherReason(_ weather: Weather, settings: RecommenderSettings, template: OutfitTemplate) -> String {
        let temperature = weather.effectiveTemperatureCelsius
        let rounded = temperature.rounded()
        let text =
            abs(rounded - temperature) < 0.05 ? String(Int(rounded)) : String(format: "%.1f", temperature)
        let what = weather.temperatureCelsius == nil ? "\(weather.season.rawValue) (\(text) °C)" : "\(text) °C"
        var reason =
            temperature < 15
            ? "warm enough for \(what)" : temperature >= 22 ? "light enough for \(what)" : "right for \(what)"
        if weather.isRaining && template.hasOuterwear { reason += ", with a layer for the rain" }
        return reason
    }
}
