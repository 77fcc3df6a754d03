/// The weights and rules of the recommender: what the person may tune (today: code and tests; later the config).
public struct RecommenderSettings: Sendable, Equatable {
    /// Score for a pair of colours where one is neutral.
    public var neutralPairScore = 0.3
    /// Score for a pair of analogous hues.
    public var analogousPairScore = 0.4
    /// Score for a pair of complementary hues.
    public var complementaryPairScore = 0.35
    /// Score (negative) for a pair of clashing hues.
    public var clashPairScore = -0.5
    /// Weight of the learned compatibility part (multiplies e_iᵀ W e_j).
    public var learnedWeight = 1.0
    /// Weight of an item's explicit preference (`Garment.preference`, -1...1).
    public var preferenceWeight = 0.5

    /// Items worn fewer days ago than this are penalised (worn yesterday: the full penalty).
    public var recentDays = 4
    /// The penalty (positive number, subtracted) for an item worn today; it falls linearly to 0 at `recentDays`.
    public var recentWearPenalty = 1.2
    /// The largest bonus for an item not worn for long (reached after `recentDays + rotationRampDays`).
    public var rotationBonus = 0.8
    /// Days over which the not-worn bonus grows from 0 to `rotationBonus`.
    public var rotationRampDays = 40
    /// An item not worn for at least this many days gets a reason ("not worn for 34 days").
    public var rotationReasonDays = 14

    /// Per-category warmth overrides (an item's own `Garment.warmth` still wins).
    public var categoryWarmth: [GarmentCategory: Double] = [:]
    /// The rule deciding which outfit warmth suits which temperature.
    public var warmthRule = WarmthRule()

    public init() {}

    /// The warmth of an item: its own value, else the category override, else the category default.
    public func warmth(of garment: Garment) -> Double {
        garment.warmth ?? categoryWarmth[garment.category] ?? garment.category.defaultWarmth
    }

    /// The pair score for a harmony judgement.
    public func score(for harmony: ColourHarmony) -> Double {
        switch harmony {
        case .neutral: neutralPairScore
        case .analogous: analogousPairScore
        case .complementary: complementaryPairScore
        case .clash: clashPairScore
        case .unknown: 0
        }
    }
}
