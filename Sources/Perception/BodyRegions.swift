/// Where a standing person's garments can be, from their pose: the upper body, the lower body and the feet, and the
/// head clearance line, a little below the shoulders, above which the head is. Every region starts at or below that
/// line, so a crop inside one never holds the head.
public struct BodyRegions: Sendable, Equatable {
    /// Frame row of the higher shoulder plus `headMargin` of the body's height: nothing above it is ever kept. The
    /// margin absorbs the pose model's error: the head's lowest pixels (chin and neck) reach down to the collar, so
    /// shoulders estimated a pixel too high would otherwise let a crop take a row of them.
    public var headClearanceY: Double
    /// Frame row from which a crop may be kept (a thumbnail): `keptHeadMargin` of the body's height below the higher
    /// shoulder. Lower than the analysis line, since a kept crop outlives the frame: the pose can be off by more than
    /// the analysis margin (a moving person, someone beside them), and a collar is no loss to a thumbnail.
    public var keptClearanceY: Double
    /// Shoulders to a little below the hips.
    public var upperBody: PixelBox
    /// A little above the hips to just below the ankles.
    public var lowerBody: PixelBox
    /// Around the ankles and below them.
    public var feet: PixelBox

    /// Regions of a whole person (the `PersonCheck` passed: shoulders, ankles present) in a frame of this size. For
    /// a close-up, `ankleY` is the row where the ankles are estimated to be, below the frame (`PersonCheck
    /// .estimatedAnkleY`): they are taken there, straight below the knees (or hips, when a knee scores low).
    public init(
        pose: Pose, frameWidth: Int, frameHeight: Int, minimumScore: Double = 0.3, headMargin: Double = 0.03,
        keptHeadMargin: Double = 0.08, ankleY estimatedAnkleY: Double? = nil
    ) {
        let ls = pose[.leftShoulder], rs = pose[.rightShoulder]
        var la = pose[.leftAnkle], ra = pose[.rightAnkle]
        if let y = estimatedAnkleY {
            func below(_ knee: BodyKeypoint, _ hip: BodyKeypoint) -> Pose.Point {
                let k = pose[knee]
                return Pose.Point(x: k.score >= minimumScore ? k.x : pose[hip].x, y: y, score: 0)
            }
            la = below(.leftKnee, .leftHip)
            ra = below(.rightKnee, .rightHip)
        }
        let shoulderY = (ls.y + rs.y) / 2, ankleY = (la.y + ra.y) / 2
        let bodyHeight = max(1, ankleY - shoulderY)
        let clearance = min(ls.y, rs.y) + max(0, headMargin) * bodyHeight
        headClearanceY = clearance
        keptClearanceY = max(clearance, min(ls.y, rs.y) + keptHeadMargin * bodyHeight)
        let shoulderWidth = max(abs(ls.x - rs.x), 0.15 * bodyHeight)
        func good(_ keypoints: [BodyKeypoint]) -> [Pose.Point] {
            keypoints.map { pose[$0] }.filter { $0.score >= minimumScore }
        }
        let hips = good([.leftHip, .rightHip])
        let hipY = hips.isEmpty ? shoulderY + 0.38 * bodyHeight : hips.map(\.y).reduce(0, +) / Double(hips.count)
        // Arms below the shoulder line widen the upper body (sleeves); raised hands do not.
        let arms = good([.leftElbow, .rightElbow, .leftWrist, .rightWrist]).filter { $0.y > min(ls.y, rs.y) }
        let upperXs = [ls.x, rs.x] + hips.map(\.x) + arms.map(\.x)
        let margin = 0.25 * shoulderWidth
        let upper = PixelBox(
            x0: upperXs.min()! - margin, y0: clearance, x1: upperXs.max()! + margin, y1: hipY + 0.15 * bodyHeight)
        let legXs = hips.map(\.x) + good([.leftKnee, .rightKnee]).map(\.x) + [la.x, ra.x]
        // Skirts and dresses flare beyond the legs.
        let legMargin = 0.45 * shoulderWidth
        let lower = PixelBox(
            x0: legXs.min()! - legMargin, y0: max(clearance, hipY - 0.15 * bodyHeight),
            x1: legXs.max()! + legMargin, y1: ankleY + 0.05 * bodyHeight)
        let footMargin = 0.12 * bodyHeight
        let feet = PixelBox(
            x0: min(la.x, ra.x) - footMargin, y0: max(clearance, ankleY - 0.08 * bodyHeight),
            x1: max(la.x, ra.x) + footMargin, y1: ankleY + 0.12 * bodyHeight)
        upperBody = upper.clipped(width: frameWidth, height: frameHeight)
        lowerBody = lower.clipped(width: frameWidth, height: frameHeight)
        self.feet = feet.clipped(width: frameWidth, height: frameHeight)
    }

    /// The region a garment of this class can occupy.
    public func region(for coarseClass: CoarseGarmentClass) -> PixelBox {
        switch coarseClass {
        case .top: upperBody
        case .bottom: lowerBody
        case .onePiece, .outerwear: upperBody.union(lowerBody)
        case .shoes: feet
        }
    }

    /// The detection's box refined by its body region: their overlap, never above the head clearance line. Nil when
    /// the box hardly overlaps the region (`minimumOverlap` of the box's area): then it is not this person's garment
    /// (a passer-by's) or a false detection.
    public func crop(for detection: GarmentDetection, minimumOverlap: Double = 0.3) -> PixelBox? {
        let box = detection.box
        guard box.area > 0 else { return nil }
        var refined = box.intersection(region(for: detection.coarseClass))
        guard refined.area >= minimumOverlap * box.area else { return nil }
        refined.y0 = max(refined.y0, headClearanceY)
        return refined.isEmpty ? nil : refined
    }

    /// The part of a crop that may be kept: below the kept clearance line. Nil when nothing is.
    public func keptPart(of crop: PixelBox) -> PixelBox? {
        var kept = crop
        kept.y0 = max(kept.y0, keptClearanceY)
        return kept.isEmpty ? nil : kept
    }
}
