import Inventory

/// Matches a session's garment to the items of the closet: cosine similarity of the embeddings (the best over an
/// item's stored views), minus penalties when the category or the colour name disagree or the measured colours lie
/// far apart, plus a bonus for an item already worn that day; items of another coarse class never match. An item
/// worn that day whose measured colour is within `sameDayColourDistance` of the garment's scores at least the match
/// threshold: later looks in the mirror the same morning show the same clothes, often under a jacket put on since,
/// which changes the crop and its embedding but not the colour.
///
/// Shoes are scored by colour instead of the embedding: a shoe crop is mostly floor and trouser hems. With garment
/// 1.7.0 on the 8 tuning scenarios, a pair's views scored a median cosine of 0.94 against each other but 0.72 at the
/// 5th percentile, and other pairs up to 0.98. Scored by the embedding alone, or by colour plus cosine, those
/// scenarios lost more shoe pairs than by colour alone (2026-11-26). When the garment and the item both have a
/// measured colour, a pair's similarity is
/// `1 − d / scale`, d the CIELAB distance of the two measured values with lightness weighted by
/// `shoeLightnessWeight` (exposure moves lightness most), the scale `clearShoeColourScale` when the garment's colour
/// is `reliable` (the caller says so only for shoes seen clearly, not under long trousers) and the larger
/// `shoeColourScale` when it is not; the colour name penalty does not apply to it.
///
/// For other garments the measured colour counts beyond its name: `colourDistancePenalty` per CIELAB unit beyond
/// `colourDistanceTolerance`, when the garment's measured colour is `reliable` and the item is not worn that day
/// (the same morning's clothes are matched by the same-day rule, whatever a jacket put on since does to the
/// colour); within the tolerance, the colour name penalty does not apply either (the colour lies on the border
/// between two names).
///
/// Outerwear is also the other way round: a jacket or coat whose measured colour is `reliable`, against outerwear of
/// its colour name not worn that day, measured within `colourDistanceTolerance` of it, scores at least the match
/// threshold. An open jacket's crop is largely the top under it, another one each day: on the rendered scenarios,
/// three jackets scored 0.46–0.77 against themselves on other days, their colours 3.1–10.5 apart. Jacket or coat
/// does not count here: the classifier tells them apart poorly (one purple coat was a jacket on its first morning,
/// at a mean probability of 0.09 per frame, and a coat on the next, at 0.39, so it became two items).
public struct ClosetMatcher: Sendable {
    /// What to do with a garment.
    public enum Decision: Sendable, Equatable {
        /// It is this item.
        case matched(ItemID, score: Double)
        /// Probably the first item, but others score nearly as well: logged as the first, kept as a candidate.
        case ambiguous(ItemID, score: Double, alternatives: [ItemID])
        /// A new item; `nearest` scored between the candidate and match thresholds and may be the same garment.
        case new(nearest: ItemID?, score: Double?)
    }

    public var settings: PerceptionSettings.Match
    /// The garment model the garments' embeddings come from (its SHA-256). An item whose stored embeddings are
    /// another model's (`ClosetItem.embeddingModel`, nil counting as another) has no embedding to compare: only
    /// shoes, scored by colour, can match it. Nil compares every item's embeddings.
    public var embeddingSpace: String?

    /// A matcher with these thresholds, for embeddings of `embeddingSpace`'s model.
    public init(settings: PerceptionSettings.Match, embeddingSpace: String? = nil) {
        self.settings = settings
        self.embeddingSpace = embeddingSpace
    }

    /// The score of a garment (category, colour, embedding) against an item; nil when the item cannot be it.
    /// `measured`: the garment's measured colour, if any, and whether it is `reliable` enough to tell two items of
    /// one colour name apart; `wornToday`: the item is already logged as worn on the garment's date.
    public func score(
        category: GarmentCategory, colour: ColourName, measured: MeasuredColour? = nil, reliable: Bool = true,
        embedding: GarmentEmbedding, item: ClosetItem, wornToday: Bool = false
    ) -> Double? {
        guard !item.archived, let garmentClass = CoarseGarmentClass(category: category),
            CoarseGarmentClass(category: item.category) == garmentClass, !item.embeddings.isEmpty
        else { return nil }
        let comparable = embeddingSpace == nil || item.embeddingModel == embeddingSpace
        let byColour = garmentClass == .shoes && measured != nil && item.measuredColour != nil
        guard comparable || byColour else { return nil }
        var score: Double
        // The measured colours' CIELAB distance; nil when either is not measured.
        let apart = measured.flatMap { m in item.measuredColour.map { m.distance(to: $0) } }
        // It tells two items of one colour name apart only when the garment's colour is reliable, and not against
        // the same morning's clothes (the same-day rule below matches those).
        let telling = reliable && !wornToday ? apart : nil
        if garmentClass == .shoes, let measured, let stored = item.measuredColour {
            let scale = reliable ? settings.clearShoeColourScale : settings.shoeColourScale
            score = 1 - measured.distance(to: stored, lightnessWeight: settings.shoeLightnessWeight) / scale
        } else {
            score = item.embeddings.map { GarmentEmbedding.cosine($0, embedding.values) }.max()!
            // Two names for measured colours within the tolerance: the colour lies on the border between them (a pale
            // pink read as purple one day).
            let sameMeasured = telling.map { $0 <= settings.colourDistanceTolerance } ?? false
            if item.colour != colour, !sameMeasured { score -= settings.colourPenalty }
            if let telling {
                score -= settings.colourDistancePenalty * max(0, telling - settings.colourDistanceTolerance)
            }
        }
        if item.category != category { score -= settings.categoryPenalty }
        if garmentClass == .outerwear, item.colour == colour, let telling,
            telling <= settings.colourDistanceTolerance
        {
            score = max(score, settings.matchThreshold)
        }
        if wornToday {
            score += settings.sameDayBonus
            if let apart, apart < settings.sameDayColourDistance { score = max(score, settings.matchThreshold) }
        }
        return score
    }

    /// The decision for a garment against `items`, leaving out `excluded` (items already taken in this outfit);
    /// `wornToday` are the items already logged as worn on the garment's date.
    public func decide(
        category: GarmentCategory, colour: ColourName, measured: MeasuredColour? = nil, reliable: Bool = true,
        embedding: GarmentEmbedding, items: [ClosetItem], excluded: Set<ItemID> = [], wornToday: Set<ItemID> = []
    ) -> Decision {
        let scored = items.compactMap { item -> (ItemID, Double)? in
            guard !excluded.contains(item.id),
                let s = score(
                    category: category, colour: colour, measured: measured, reliable: reliable, embedding: embedding,
                    item: item, wornToday: wornToday.contains(item.id))
            else { return nil }
            return (item.id, s)
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        guard let best = scored.first else { return .new(nearest: nil, score: nil) }
        if best.1 >= settings.matchThreshold {
            let close = scored.dropFirst().filter { $0.1 >= best.1 - settings.ambiguityMargin }.map(\.0)
            return close.isEmpty ? .matched(best.0, score: best.1) : .ambiguous(best.0, score: best.1, alternatives: close)
        }
        if best.1 >= settings.candidateThreshold { return .new(nearest: best.0, score: best.1) }
        return .new(nearest: nil, score: nil)
    }
}
