/// Thresholds of the per-frame pipeline, the mirror sessions and the matching to the closet (the `perception`
/// section of the configuration).
public struct PerceptionSettings: Sendable, Equatable {
    public var personCheck = PersonCheck()
    public var detector = DetectorDecoder()
    public var colour = DominantColour()
    /// A refined crop smaller than this on either side is ignored.
    public var minimumCropSide = 12
    /// Grey-world white balance strength (0 = none, 1 = full correction).
    public var whiteBalanceStrength = 1.0
    /// Thumbnails are at most this many pixels on their longer side.
    public var thumbnailMaximumSide = 160
    /// Every other frame analysed for garments, the garment model sees each crop mirrored left to right, so that a
    /// session's pooled votes and mean embedding average both views at no extra cost. Per crop, summing the int8
    /// model's probabilities over a crop and its mirror image took held-out top-1 from 0.832 to 0.842, and averaging
    /// the embeddings took re-id from 0.790 to 0.797 (`evaluate.py --mirror-average`, 2026-11-25).
    public var mirrorEveryOtherFrame = true
    public var session = Session()
    public var match = Match()

    /// Mirror sessions and what they need to create items.
    public struct Session: Sendable, Equatable {
        /// A session stays open across gaps without a person up to this long.
        public var gapToleranceSeconds = 3.0
        /// A session with fewer frames of a whole person is too short or partial: it creates nothing.
        public var minimumWholePersonFrames = 3
        /// … nor does one with fewer frames of a whole person standing still: someone walking past (the first
        /// whole-person frame counts as still, so a passer-by has one).
        public var minimumStillFrames = 2
        /// A whole-person frame is standing still when the body's centre (shoulders and ankles) moved at most this
        /// many body heights (shoulder to ankle) per second since the previous whole-person frame. On six rendered
        /// scenarios (ground-truth keypoints), 95 % of the owner's frames moved less than 0.47 and every passer-by's
        /// frame more than 0.6 (5 % below 0.67).
        public var maximumStillSpeed = 0.5
        /// A garment must be seen in at least this many frames …
        public var minimumGarmentFrames = 2
        /// … and in at least this share of the session's whole-person frames.
        public var minimumGarmentShare = 0.25
        /// A top or bottom within this CIELAB distance of a one-piece logged earlier the same day, in a session that
        /// saw no one-piece, is that jumpsuit or dress seen as separates.
        public var onePieceColourDistance = 10.0
        /// A one-piece within this CIELAB distance of the session's outerwear, its colour measured below the
        /// outerwear's hem (or, with nothing showing there, over the same cloth), is the lower part of a closed
        /// coat: not a garment of its own. On eight rendered scenarios such pairs were within 3.2 or more than 14
        /// apart.
        public var closedOuterwearColourDistance = 5.0
        /// Outerwear seen in fewer frames than the session's top and within this CIELAB distance of it is the top
        /// seen twice by the detector: not a garment of its own. On eight rendered scenarios, such pairs were
        /// within 5.3, and a jacket or coat over a top mostly more than 7.6 apart (once 2.5: black over black, the
        /// coat seen in more frames than the top).
        public var topAsOuterwearColourDistance = 5.0
        /// Outerwear that the classifier, seeing only the crop, gives less than this mean probability of being a
        /// jacket or a coat at all is, in a session that also saw a top or a one-piece, that garment seen twice. On
        /// eight rendered scenarios the five such outerwear pooled below 0.005 (four beside a top, one beside a
        /// dress) and every real jacket or coat above 0.05.
        public var outerwearMinimumClassConfidence = 0.02
        /// A bottom seen in fewer frames than the session's outerwear and within this CIELAB distance of it is the
        /// outerwear's lower part (a coat's skirt) seen as trousers or shorts by the detector.
        public var bottomAsOuterwearColourDistance = 5.0
        /// Shoes within this CIELAB distance (lightness weighted as in shoe matching) of trousers or a jumpsuit logged
        /// earlier the same day, in a session that does not see them, may be their hems: they may match a pair but do
        /// not create one.
        public var hemColourDistance = 10.0
        /// A garment whose sharpest crop is below this Laplacian variance is blurred: it may match an item but
        /// does not create one.
        public var minimumSharpness = 10.0
        /// The default thresholds.
        public init() {}
    }

    /// Matching a session's garment to the closet.
    public struct Match: Sendable, Equatable {
        /// Score (cosine similarity minus penalties) at which a garment is taken as an item.
        public var matchThreshold = 0.75
        /// Below the match threshold but at least this: a new item is made and the pair is kept as a merge candidate.
        public var candidateThreshold = 0.6
        /// When the runner-up is within this of the best, the match is ambiguous and kept as a candidate.
        public var ambiguityMargin = 0.03
        /// Subtracted when the category differs (within the same coarse class; other classes never match).
        public var categoryPenalty = 0.08
        /// Subtracted when the colour name differs, unless the measured colours (`reliable`, the item not worn that
        /// day) are within `colourDistanceTolerance`: then the colour lies on the border between two names.
        public var colourPenalty = 0.1
        /// Garments other than shoes, against an item not worn that day: measured colours further apart than this
        /// (CIELAB) cost `colourDistancePenalty` per unit beyond it. Two items of one kind and colour name can differ
        /// mostly in lightness (a light and a dark grey coat), which the embedding, trained to ignore exposure, does
        /// not tell apart; one item's measured colour varied by up to 18.7 between days on the rendered scenarios.
        /// Within it, reliable outerwear against outerwear of its colour name scores at least `matchThreshold`
        /// (`ClosetMatcher`).
        public var colourDistanceTolerance = 12.0
        public var colourDistancePenalty = 0.01
        /// The measured colour counts for that only when it is settled and at least this share of the session's
        /// frames voted for its colour name: a patterned or half-hidden garment's colour wanders from day to day.
        public var minimumColourAgreement = 0.7
        /// An item worn that day whose measured colour is closer than this (CIELAB) to the garment's scores at least
        /// `matchThreshold` (a top seen again under a jacket put on since: the same colour, another crop).
        public var sameDayColourDistance = 8.0
        /// Shoes: the weighted CIELAB distance between measured colours at which a pair's similarity falls to 0
        /// (so the match threshold is reached at a quarter of it), for shoes whose colour is not `reliable`: seen
        /// under long trousers or a jumpsuit, whose hems blend into the sliver of shoe below them (on the rendered
        /// scenarios such a reading was the hems' colour or a blend of hem, shoe and floor), or never settled.
        public var shoeColourScale = 84.0
        /// The same for shoes seen clearly. Clear views of one pair moved 2–10 (CIELAB) between days on the rendered
        /// scenarios, and two brown pairs 16.3 apart (lightness weighted) were taken for one at `shoeColourScale`.
        public var clearShoeColourScale = 64.0
        /// Shoes: the weight of lightness in that distance.
        public var shoeLightnessWeight = 0.5
        /// Added for an item already logged as worn on the session's date: the same morning's later looks in the
        /// mirror mostly show the same clothes, so a garment that nearly matches one of them is that one.
        public var sameDayBonus = 0.2
        /// The default thresholds.
        public init() {}
    }

    /// The default settings.
    public init() {}
}
