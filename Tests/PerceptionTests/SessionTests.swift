import Camera
import Inventory
import Testing

@testable import Perception

/// Builders of synthetic observations for the session and matching tests.
enum Synthetic {
    /// A unit embedding pointing mostly along axis `axis`, tilted by `noise` along axis `axis + 1`.
    static func embedding(_ axis: Int, noise: Float = 0) -> GarmentEmbedding {
        var raw = [Float](repeating: 0, count: 64)
        raw[axis % 64] = 1
        raw[(axis + 1) % 64] = noise
        return GarmentEmbedding(raw: raw)
    }

    static func observation(
        _ category: GarmentCategory, _ colour: ColourName, axis: Int, noise: Float = 0, sharpness: Double = 100,
        probability: Double = 0.8, classProbability: Double? = nil, settled: Bool = true,
        lab: (l: Double, a: Double, b: Double) = (50, 10, 10)
    ) -> GarmentObservation {
        let box = PixelBox(x0: 100, y0: 200, x1: 200, y1: 300)
        return GarmentObservation(
            coarseClass: CoarseGarmentClass(category: category)!, detectionScore: 0.8,
            box: box, category: category, categoryProbability: probability, classProbability: classProbability,
            embedding: embedding(axis, noise: noise),
            colour: ColourEstimate(name: colour, lightness: lab.l, a: lab.a, b: lab.b, share: 0.7, settled: settled),
            sharpness: sharpness,
            kept: (Image(width: 40, height: 50, channels: 3, value: 128), box))
    }

    /// A standing person centred on `x`: shoulders at y 200, ankles at y 500 (body height 300).
    static func pose(x: Double) -> Pose {
        var pose = Pose(points: Array(repeating: Pose.Point(x: x, y: 150, score: 0.9), count: 17))
        pose[.leftShoulder] = Pose.Point(x: x + 40, y: 200, score: 0.9)
        pose[.rightShoulder] = Pose.Point(x: x - 40, y: 200, score: 0.9)
        pose[.leftAnkle] = Pose.Point(x: x + 20, y: 500, score: 0.9)
        pose[.rightAnkle] = Pose.Point(x: x - 20, y: 500, score: 0.9)
        return pose
    }

    /// A person centred on `x` standing close: shoulders at y 200, hips at y 400, the feet below a 640-pixel frame.
    static func closeUpPose(x: Double) -> Pose {
        var pose = pose(x: x)
        for (hip, side) in [(BodyKeypoint.leftHip, 1.0), (.rightHip, -1.0)] {
            pose[hip] = Pose.Point(x: x + side * 30, y: 400, score: 0.9)
        }
        for ankle in [BodyKeypoint.leftAnkle, .rightAnkle] {
            pose[ankle].y = 636
            pose[ankle].score = 0.05
        }
        return pose
    }

    static func frame(
        _ t: Double, _ verdict: PersonCheck.Verdict, _ garments: [GarmentObservation] = [],
        cutOff: [CoarseGarmentClass] = []
    ) -> FrameAnalysis {
        // A person standing in one place: after the session's first frame, every crop may be kept.
        let pose: Pose? = verdict == .wholePerson ? pose(x: 240) : verdict == .closeUp ? closeUpPose(x: 240) : nil
        return FrameAnalysis(
            timestampSeconds: t, verdict: verdict, pose: pose, garments: verdict.showsGarments ? garments : [],
            cutOff: cutOff)
    }
}

@Suite struct SessionTests {
    let settings = PerceptionSettings.Session()

    @Test func gapsSplitSessionsAndShortGapsAreBridged() {
        var tracker = MirrorSessionTracker(settings: settings)
        let shirt = Synthetic.observation(.shirts, .blue, axis: 1)
        var closed: [MirrorSession] = []
        // Session 1: 0…5 s with a 2.5 s gap (bridged); then nobody for long; session 2 at 20 s.
        let times: [(Double, PersonCheck.Verdict)] = [
            (0, .partial(missing: [.leftAnkle])), (0.5, .wholePerson), (1, .wholePerson), (3.5, .wholePerson),
            (4, .nobody), (5, .wholePerson), (6, .nobody), (9, .nobody), (20, .wholePerson), (20.5, .wholePerson),
        ]
        for (t, verdict) in times {
            if let session = tracker.add(Synthetic.frame(t, verdict, [shirt])) { closed.append(session) }
        }
        #expect(closed.count == 1)
        #expect(closed[0].startSeconds == 0 && closed[0].endSeconds == 5)
        #expect(closed[0].frames == 5 && closed[0].wholePersonFrames == 4)
        #expect(closed[0].pooled[.top]?.frames == 4)
        #expect(tracker.isSessionOpen)
        // Time passing without frames closes the second one.
        #expect(tracker.tick(nowSeconds: 22) == nil)
        let second = tracker.tick(nowSeconds: 24)
        #expect(second?.startSeconds == 20 && second?.wholePersonFrames == 2)
        #expect(!tracker.isSessionOpen && tracker.finish() == nil)
    }

    @Test func evidenceIsPooled() {
        var pooled = PooledGarment(coarseClass: .top)
        pooled.add(Synthetic.observation(.shirts, .blue, axis: 3, noise: 0.2, sharpness: 50), timestampSeconds: 1)
        pooled.add(Synthetic.observation(.shirts, .blue, axis: 3, noise: -0.2, sharpness: 90), timestampSeconds: 2)
        pooled.add(Synthetic.observation(.blouses, .purple, axis: 3, sharpness: 70, probability: 0.9), timestampSeconds: 3)
        #expect(pooled.frames == 3)
        #expect(pooled.category == .shirts)  // 1.6 against 0.9
        #expect(pooled.colour == .blue)
        #expect(abs(pooled.colourAgreement - 2.0 / 3) < 1e-12)  // how far its measured colour is trusted in matching
        #expect(pooled.sharpest?.timestampSeconds == 2)
        // The noise cancels out in the mean.
        #expect(pooled.embedding.cosine(Synthetic.embedding(3)) > 0.999)
    }

    /// A frame whose colour may be the hems' or the floor's (not settled) does not outvote frames that saw the
    /// garment's own; with no settled frame at all, every frame votes and the garment says so.
    @Test func unsettledColoursDoNotOutvoteSettledOnes() {
        var pooled = PooledGarment(coarseClass: .shoes)
        for t in 0..<3 { pooled.add(Synthetic.observation(.shoes, .pink, axis: 4, settled: false), timestampSeconds: Double(t)) }
        #expect(!pooled.colourSettled && pooled.colour == .pink && pooled.measuredColour != nil)
        pooled.add(Synthetic.observation(.shoes, .brown, axis: 4), timestampSeconds: 3)
        #expect(pooled.colourSettled && pooled.colour == .brown)
        #expect(pooled.colourVotes == [.brown: 1])
        #expect(pooled.colourAgreement == 1)  // the unsettled frames do not count against it either
    }

    @Test func shortOrPartialSessionsAreInconclusive() {
        var tracker = MirrorSessionTracker(settings: settings)
        let jeans = Synthetic.observation(.jeans, .blue, axis: 2)
        _ = tracker.add(Synthetic.frame(0, .wholePerson, [jeans]))
        _ = tracker.add(Synthetic.frame(0.5, .wholePerson, [jeans]))
        for t in stride(from: 1.0, through: 6, by: 0.5) { _ = tracker.add(Synthetic.frame(t, .partial(missing: [.nose]))) }
        let session = tracker.finish()!
        #expect(session.frames == 13 && session.wholePersonFrames == 2)
        #expect(!session.isConclusive(settings))
        #expect(session.outfit(settings).isEmpty)
    }

    /// Someone crossing the room in front of the camera is a whole person in every frame but never stands still:
    /// their session creates nothing. The owner stepping up to the mirror and stopping does.
    @Test func someoneWalkingPastIsNotASession() {
        let shirt = Synthetic.observation(.shirts, .blue, axis: 1)
        func session(_ xs: [Double]) -> MirrorSession {
            var tracker = MirrorSessionTracker(settings: settings)
            for (i, x) in xs.enumerated() {
                _ = tracker.add(
                    FrameAnalysis(
                        timestampSeconds: Double(i) * 0.5, verdict: .wholePerson, pose: Synthetic.pose(x: x), garments: [shirt]))
            }
            return tracker.finish()!
        }
        // 100 pixels per half second: 0.67 body heights per second, above the 0.5 allowed.
        let passerBy = session([50, 150, 250, 350, 450])
        #expect(passerBy.wholePersonFrames == 5 && passerBy.stillFrames == 1)
        #expect(!passerBy.isConclusive(settings) && passerBy.outfit(settings).isEmpty)
        // Walking in at the same pace, then standing with a little sway (10 pixels per half second).
        let owner = session([50, 150, 250, 260, 250, 255])
        #expect(owner.stillFrames == 4 && owner.isConclusive(settings))
        #expect(owner.outfit(settings).map(\.coarseClass) == [.top])
    }

    /// The thumbnail comes from the sharpest frame where the person was seen standing still, never from the
    /// session's first frame (no speed to measure) or a moving one: there the pose lags the body or blends with
    /// someone beside it, and the crop can take a head. Every frame still counts as evidence.
    @Test func aCropIsKeptOnlyFromAFrameWhereThePersonStoodStill() {
        var tracker = MirrorSessionTracker(settings: settings)
        let frames: [(x: Double, sharpness: Double)] = [(50, 400), (250, 300), (255, 80), (258, 60), (400, 500)]
        for (i, f) in frames.enumerated() {
            _ = tracker.add(
                FrameAnalysis(
                    timestampSeconds: Double(i) * 0.5, verdict: .wholePerson, pose: Synthetic.pose(x: f.x),
                    garments: [Synthetic.observation(.shirts, .blue, axis: 1, sharpness: f.sharpness)]))
        }
        let session = tracker.finish()!
        #expect(session.pooled[.top]?.frames == 5)
        #expect(session.pooled[.top]?.sharpest?.timestampSeconds == 1.0)
        #expect(session.pooled[.top]?.sharpest?.sharpness == 80)
        // A garment seen only while moving has no crop to keep.
        var passing = MirrorSessionTracker(settings: settings)
        for (i, x) in [50.0, 250, 450].enumerated() {
            _ = passing.add(
                FrameAnalysis(
                    timestampSeconds: Double(i) * 0.5, verdict: .wholePerson, pose: Synthetic.pose(x: x),
                    garments: [Synthetic.observation(.jeans, .blue, axis: 2)]))
        }
        #expect(passing.finish()!.pooled[.bottom]?.sharpest == nil)
    }

    @Test func outfitKeepsGarmentsSeenOftenEnoughAndResolvesOnePieceAgainstSeparates() {
        var tracker = MirrorSessionTracker(settings: settings)
        let top = Synthetic.observation(.tshirts, .white, axis: 4)
        let skirt = Synthetic.observation(.skirts, .black, axis: 5)
        let dress = Synthetic.observation(.dresses, .red, axis: 6)
        let shoes = Synthetic.observation(.shoes, .black, axis: 7)
        for i in 0..<10 {
            var garments = [top, skirt]
            if i == 3 { garments.append(dress) }  // once: noise
            if i < 3 { garments.append(shoes) }
            _ = tracker.add(Synthetic.frame(Double(i) * 0.4, .wholePerson, garments))
        }
        let session = tracker.finish()!
        let outfit = session.outfit(settings)
        // Shoes in 3 of 10 frames pass the 25% share; the dress seen once does not.
        #expect(outfit.map(\.coarseClass) == [.top, .bottom, .shoes])

        var dressed = MirrorSessionTracker(settings: settings)
        for i in 0..<8 {
            // A dress the detector sometimes also reports as a top.
            _ = dressed.add(Synthetic.frame(Double(i) * 0.4, .wholePerson, i % 2 == 0 ? [dress, top] : [dress]))
        }
        #expect(dressed.finish()!.outfit(settings).map(\.coarseClass) == [.onePiece])
    }

    @Test func aDayKeepsItsOnePieceOrSeparatesReading() {
        // An open jacket over a jumpsuit: the strip between the flaps and the legs are reported as a top and a
        // bottom in more frames than the jumpsuit itself.
        let strip = Synthetic.observation(.shirts, .blue, axis: 4)
        let legs = Synthetic.observation(.jeans, .blue, axis: 5)
        let jumpsuit = Synthetic.observation(.jumpsuits, .blue, axis: 6)
        let jacket = Synthetic.observation(.jackets, .black, axis: 7)
        var tracker = MirrorSessionTracker(settings: settings)
        for i in 0..<10 {
            var garments = [jacket, strip, legs]
            if i % 2 == 0 { garments.append(jumpsuit) }
            _ = tracker.add(Synthetic.frame(Double(i) * 0.4, .wholePerson, garments))
        }
        let session = tracker.finish()!
        // Alone, the session reads separates (10 frames against 5).
        #expect(session.outfit(settings).map(\.coarseClass) == [.top, .bottom, .outerwear])
        // After a session of that day logged a one-piece, it reads the one-piece.
        #expect(session.outfit(settings, sameDay: [.onePiece, .shoes]).map(\.coarseClass) == [.onePiece, .outerwear])
        // A day that logged separates, or both readings, leaves it to the frame counts.
        #expect(session.outfit(settings, sameDay: [.top]).map(\.coarseClass) == [.top, .bottom, .outerwear])
        #expect(session.outfit(settings, sameDay: [.onePiece, .bottom]).map(\.coarseClass) == [.top, .bottom, .outerwear])
        // Separates logged earlier that day keep a session whose one-piece was seen more often as separates.
        var dressed = MirrorSessionTracker(settings: settings)
        for i in 0..<10 {
            _ = dressed.add(Synthetic.frame(Double(i) * 0.4, .wholePerson, i < 6 ? [jumpsuit, strip] : [jumpsuit, strip, legs]))
        }
        let dressedSession = dressed.finish()!
        #expect(dressedSession.outfit(settings).map(\.coarseClass) == [.onePiece])
        #expect(dressedSession.outfit(settings, sameDay: [.top, .bottom]).map(\.coarseClass) == [.top, .bottom])
    }
}
