import Recommender

// The Recommender module has a type named like itself, so `Recommender.Garment` cannot be spelled in files that
// also import Inventory (which has its own GarmentCategory and GarmentPattern). These names are unambiguous.
typealias RecommenderGarment = Garment
typealias RecommenderCategory = GarmentCategory
typealias RecommenderPattern = GarmentPattern
