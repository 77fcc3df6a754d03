import Recommender

// The Recommender module has a type named like itself, so `Recommender.Garment` cannot be spelled in files that
// also import Inventory (which has its own GarmentCategory, GarmentPattern and FeedbackAction). These names are
// unambiguous.
typealias RecommenderGarment = Garment
typealias RecommenderCategory = GarmentCategory
typealias RecommenderPattern = GarmentPattern

/// Feedback on a recommendation (parsed from `feedback/set`, a Home Assistant button or `closetd feedback`).
public typealias FeedbackRequest = FeedbackCommand
/// accept, reject or next.
public typealias FeedbackRequestAction = FeedbackAction
