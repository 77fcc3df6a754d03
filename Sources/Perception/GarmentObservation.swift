import Camera
import Inventory

/// One garment as seen in one frame: class, category, embedding, colour, how sharp, and a head-free crop.
public struct GarmentObservation: Sendable {
    public var coarseClass: CoarseGarmentClass
    /// The detector's score.
    public var detectionScore: Double
    /// The refined crop in frame pixels (never above the head clearance line, just below the shoulders).
    public var box: PixelBox
    /// The most likely category within the coarse class, and its probability (softmax over all labels).
    public var category: GarmentCategory
    public var categoryProbability: Double
    /// The classifier's probability for the coarse class as a whole (its categories' probabilities summed): how
    /// far the classifier, which sees only the crop, agrees with the detector's class.
    public var classProbability: Double
    public var embedding: GarmentEmbedding
    public var colour: ColourEstimate
    /// Laplacian variance of the classifier's 96×96 crop.
    public var sharpness: Double
    /// The part of the crop that may be kept (`BodyRegions.keptPart`), at most `thumbnailMaximumSide` pixels on its
    /// longer side, with its box in frame pixels; nil when too little of the crop lies below the kept clearance line.
    public var kept: (thumbnail: Image, box: PixelBox)?

    /// An observation.
    public init(
        coarseClass: CoarseGarmentClass, detectionScore: Double, box: PixelBox, category: GarmentCategory,
        categoryProbability: Double, classProbability: Double? = nil, embedding: GarmentEmbedding,
        colour: ColourEstimate, sharpness: Double, kept: (thumbnail: Image, box: PixelBox)?
    ) {
        self.coarseClass = coarseClass
        self.detectionScore = detectionScore
        self.box = box
        self.category = category
        self.categoryProbability = categoryProbability
        self.classProbability = classProbability ?? categoryProbability
        self.embedding = embedding
        self.colour = colour
        self.sharpness = sharpness
        self.kept = kept
    }
}
