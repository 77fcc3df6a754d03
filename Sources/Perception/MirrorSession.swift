/// A finished mirror session: someone stood in front of the mirror from `startSeconds` to `endSeconds` (gaps
/// shorter than the tolerance bridged), with the garments seen on them.
public struct MirrorSession: Sendable {
    public var startSeconds: Double
    public var endSeconds: Double
    /// Analysed frames with someone present.
    public var frames: Int
    /// Frames with a whole person facing the mirror.
    public var wholePersonFrames: Int
    /// Close-ups: frames with a person facing the mirror so close that their feet are below the frame. These and
    /// the whole-person frames are the only ones whose garments count.
    public var closeUpFrames: Int
    /// Of those two, the frames where the person stood still (`PerceptionSettings.Session.maximumStillSpeed`): someone
    /// walking past the camera has none or one.
    public var stillFrames: Int
    /// Every garment pooled over the session, by coarse class.
    public var pooled: [CoarseGarmentClass: PooledGarment]

    /// A session.
    public init(
        startSeconds: Double, endSeconds: Double, frames: Int, wholePersonFrames: Int, closeUpFrames: Int = 0,
        stillFrames: Int, pooled: [CoarseGarmentClass: PooledGarment]
    ) {
        self.startSeconds = startSeconds
        self.endSeconds = endSeconds
        self.frames = frames
        self.wholePersonFrames = wholePersonFrames
        self.closeUpFrames = closeUpFrames
        self.stillFrames = stillFrames
        self.pooled = pooled
    }

    /// A session of one photo (`closetd ingest`): its garments, one frame.
    public static func photo(timestampSeconds: Double, garments: [GarmentObservation]) -> MirrorSession {
        var pooled: [CoarseGarmentClass: PooledGarment] = [:]
        for garment in garments where pooled[garment.coarseClass] == nil {
            var p = PooledGarment(coarseClass: garment.coarseClass)
            p.add(garment, timestampSeconds: timestampSeconds)
            pooled[garment.coarseClass] = p
        }
        return MirrorSession(
            startSeconds: timestampSeconds, endSeconds: timestampSeconds, frames: 1, wholePersonFrames: 1, stillFrames: 1,
            pooled: pooled)
    }

    /// Frames whose garments count: whole-person frames and close-ups.
    public var garmentFrames: Int { wholePersonFrames + closeUpFrames }

    /// Whether the session saw a whole person or a close-up, standing still, long enough to say what they wore.
    public func isConclusive(_ settings: PerceptionSettings.Session) -> Bool {
        garmentFrames >= settings.minimumWholePersonFrames && stillFrames >= settings.minimumStillFrames
    }

    /// The outfit: garments seen often enough (in `minimumGarmentFrames`, and in `minimumGarmentShare` of the
    /// frames that could show them, counting those where a close-up cut them off: close-ups never show shoes), in
    /// coarse class order; a one-piece and a top or bottom exclude each
    /// other. `sameDay` holds the coarse classes of what an earlier session logged that day: a person keeps one
    /// outfit through a morning, so when the day so far had only a one-piece, or only separates, that reading
    /// stays (an open jacket over a jumpsuit shows a strip and two legs the detector may take for separates);
    /// otherwise the one seen in more frames stays. Empty for an inconclusive session.
    public func outfit(_ settings: PerceptionSettings.Session, sameDay: Set<CoarseGarmentClass> = []) -> [PooledGarment] {
        guard isConclusive(settings) else { return [] }
        var kept = pooled.filter { coarseClass, garment in
            let couldShow = wholePersonFrames + (coarseClass == .shoes ? 0 : closeUpFrames)
            let share = Int((settings.minimumGarmentShare * Double(couldShow)).rounded(.up))
            return garment.frames >= settings.minimumGarmentFrames && garment.frames + garment.cutFrames >= share
        }
        if let onePiece = kept[.onePiece], kept[.top] != nil || kept[.bottom] != nil {
            let daySeparates = sameDay.contains(.top) || sameDay.contains(.bottom)
            let keepOnePiece: Bool
            if sameDay.contains(.onePiece) != daySeparates {
                keepOnePiece = sameDay.contains(.onePiece)
            } else {
                keepOnePiece = onePiece.frames >= max(kept[.top]?.frames ?? 0, kept[.bottom]?.frames ?? 0)
            }
            if keepOnePiece {
                kept[.top] = nil
                kept[.bottom] = nil
            } else {
                kept[.onePiece] = nil
            }
        }
        // The detector's double takes. A top also seen as outerwear: in fewer frames and of the same colour (it does
        // that most on close-ups, where a top fills much of the frame); a jacket over a top of its own colour would
        // also look so, the rarer case. A top or a one-piece also seen as outerwear where the classifier does not
        // take the crop for outerwear at all.
        if let outerwear = kept[.outerwear] {
            let topSeenTwice = kept[.top].map { top in
                outerwear.frames < top.frames && Self.sameColour(outerwear, top, within: settings.topAsOuterwearColourDistance)
            } ?? false
            let notOuterwear =
                outerwear.classConfidence < settings.outerwearMinimumClassConfidence
                && (kept[.top] != nil || kept[.onePiece] != nil)
            if topSeenTwice || notOuterwear { kept[.outerwear] = nil }
        }
        // A coat's skirt also seen as a bottom: in fewer frames than the coat, of its colour.
        if let bottom = kept[.bottom], let outerwear = kept[.outerwear], bottom.frames < outerwear.frames,
            Self.sameColour(bottom, outerwear, within: settings.bottomAsOuterwearColourDistance)
        {
            kept[.bottom] = nil
        }
        return CoarseGarmentClass.allCases.compactMap { kept[$0] }
    }

    /// Whether both garments' measured colours are known and within `distance` (CIELAB) of each other.
    static func sameColour(_ a: PooledGarment, _ b: PooledGarment, within distance: Double) -> Bool {
        guard let x = a.measuredColour, let y = b.measuredColour else { return false }
        return x.distance(to: y) < distance
    }

    /// Whether a pooled garment is too blurred to create an item.
    public static func isBlurred(_ garment: PooledGarment, _ settings: PerceptionSettings.Session) -> Bool {
        (garment.sharpest?.sharpness ?? 0) < settings.minimumSharpness
    }
}
