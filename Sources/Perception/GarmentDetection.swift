/// One garment the detector found: its coarse class, the heatmap score and its box in frame pixels.
public struct GarmentDetection: Sendable, Equatable {
    public var coarseClass: CoarseGarmentClass
    public var score: Double
    public var box: PixelBox

    /// A detection.
    public init(coarseClass: CoarseGarmentClass, score: Double, box: PixelBox) {
        self.coarseClass = coarseClass
        self.score = score
        self.box = box
    }
}
