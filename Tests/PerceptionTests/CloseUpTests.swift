import Inventory
import Testing

@testable import Perception

/// Someone standing so close to the mirror that their feet are below the frame: the garments the frame holds
/// whole count, shoes and what the frame's edge cuts off do not.
@Suite struct CloseUpTests {
    let settings = PerceptionSettings.Session()

    /// `PoseAndPersonCheckTests.standing()` (nose at y 100, shoulders 140, hips 320, ankles 580) moved up 40 pixels
    /// and scaled 1.5 about the nose: shoulders at 120, hips at 390, the ankles at 780, below a 640-pixel frame.
    static func close(scale: Double = 1.5) -> Pose {
        var pose = PoseAndPersonCheckTests.standing()
        for k in BodyKeypoint.allCases {
            pose[k].x = 240 + (pose[k].x - 240) * scale
            pose[k].y = 60 + (pose[k].y - 100) * scale
        }
        return pose
    }

    @Test func feetBelowTheFrameMakeACloseUp() {
        let check = PersonCheck()
        let pose = Self.close()
        #expect(check.evaluate(pose, frameWidth: 480, frameHeight: 640) == .closeUp)
        #expect(PersonCheck.Verdict.closeUp.showsGarments && PersonCheck.Verdict.closeUp.personPresent)
        // Estimated ankles: 120 + (390 − 120) / 0.39.
        #expect(abs(check.estimatedAnkleY(pose)! - (120 + 270 / PersonCheck.torsoShare)) < 1e-9)

        var off = check
        off.acceptsCloseUps = false
        #expect(off.evaluate(pose, frameWidth: 480, frameHeight: 640) == .partial(missing: [.leftAnkle, .rightAnkle]))

        // Without both hips nothing tells where the ankles are.
        var noHip = pose
        noHip[.leftHip].score = 0.1
        #expect(check.evaluate(noHip, frameWidth: 480, frameHeight: 640) == .partial(missing: [.leftAnkle, .rightAnkle]))
        // Ankles that score low inside the frame, well above its edge, are hidden, not below it.
        var hidden = PoseAndPersonCheckTests.standing()
        hidden[.leftAnkle].score = 0.1
        hidden[.rightAnkle].score = 0.1
        #expect(check.evaluate(hidden, frameWidth: 480, frameHeight: 640) == .partial(missing: [.leftAnkle, .rightAnkle]))
        // A shoulder outside the frame is partial still.
        var cut = pose
        cut[.leftShoulder].x = 485
        #expect(check.evaluate(cut, frameWidth: 480, frameHeight: 640) == .partial(missing: [.leftShoulder, .leftAnkle, .rightAnkle]))
        // Back to the camera.
        var turned = pose
        (turned[.leftShoulder], turned[.rightShoulder]) = (pose[.rightShoulder], pose[.leftShoulder])
        #expect(check.evaluate(turned, frameWidth: 480, frameHeight: 640) == .notFacing)
    }

    @Test func aCloseUpsRegionsEndAtTheFrameAndHoldNoFeet() {
        let pose = Self.close()
        let ankleY = PersonCheck().estimatedAnkleY(pose)!
        let regions = BodyRegions(pose: pose, frameWidth: 480, frameHeight: 640, ankleY: ankleY)
        #expect(regions.lowerBody.y1 == 640 && regions.lowerBody.y0 < 390)
        #expect(regions.upperBody.y0 >= 120 && regions.upperBody.y1 < 640)
        // Shoes detected at the bottom of the frame are not this person's.
        let shoes = GarmentDetection(coarseClass: .shoes, score: 0.9, box: PixelBox(x0: 180, y0: 600, x1: 300, y1: 640))
        #expect(regions.crop(for: shoes) == nil)
        let shorts = GarmentDetection(coarseClass: .bottom, score: 0.9, box: PixelBox(x0: 170, y0: 370, x1: 310, y1: 560))
        #expect(regions.crop(for: shorts) != nil)
        // The kept part of a crop stays below the shoulders as for a whole person.
        #expect(regions.keptClearanceY > 120)
    }

    /// The pipeline keeps no crop of shoes whose box reaches the frame's last row, whatever the pose says of the
    /// ankles. Boxes are clipped to the frame, so a box ends there or above. (The predicate; `ShoesAtTheEdgeTests`
    /// shows the pipeline's use of it.)
    @Test func aBoxReachingTheFramesLastRowReachesItsBottomEdge() {
        func shoes(_ y1: Double) -> GarmentDetection {
            GarmentDetection(coarseClass: .shoes, score: 0.9, box: PixelBox(x0: 150, y0: 622, x1: 278, y1: y1))
        }
        #expect(PerceptionPipeline.reachesTheBottomEdge(shoes(640), frameHeight: 640))
        #expect(PerceptionPipeline.reachesTheBottomEdge(shoes(639.2), frameHeight: 640))
        #expect(!PerceptionPipeline.reachesTheBottomEdge(shoes(630.7), frameHeight: 640))
        #expect(!PerceptionPipeline.reachesTheBottomEdge(shoes(640), frameHeight: 720))
    }

    @Test func closeUpsCountAndWhatTheyCutOffCountAsSeen() {
        var tracker = MirrorSessionTracker(settings: settings)
        let top = Synthetic.observation(.tshirts, .white, axis: 4, lab: (95, 0, 0))
        let trousers = Synthetic.observation(.jeans, .blue, axis: 5, lab: (40, 0, -30))
        let shoes = Synthetic.observation(.shoes, .black, axis: 6, lab: (15, 0, 0))
        // 2 whole frames with all three garments, then 10 close-ups: the top whole, the trousers cut off.
        for i in 0..<2 { _ = tracker.add(Synthetic.frame(Double(i) * 0.4, .wholePerson, [top, trousers, shoes])) }
        for i in 2..<12 { _ = tracker.add(Synthetic.frame(Double(i) * 0.4, .closeUp, [top], cutOff: [.bottom])) }
        let session = tracker.finish()!
        #expect(session.wholePersonFrames == 2 && session.closeUpFrames == 10 && session.garmentFrames == 12)
        #expect(session.pooled[.top]?.frames == 12)
        #expect(session.pooled[.bottom]?.frames == 2 && session.pooled[.bottom]?.cutFrames == 10)
        // The trousers were seen in every frame (whole in 2 of 12, under the 25 % share; cut off they still count),
        // the shoes in both frames that could show them: close-ups never do.
        #expect(session.outfit(settings).map(\.coarseClass) == [.top, .bottom, .shoes])
        // Still frames are counted in close-ups too.
        #expect(session.stillFrames == 12 && session.isConclusive(settings))

        // A session of close-ups alone is conclusive; a garment seen only cut off is not in its outfit.
        var near = MirrorSessionTracker(settings: settings)
        for i in 0..<5 { _ = near.add(Synthetic.frame(Double(i) * 0.4, .closeUp, [top], cutOff: [.outerwear])) }
        let nearSession = near.finish()!
        #expect(nearSession.isConclusive(settings))
        #expect(nearSession.outfit(settings).map(\.coarseClass) == [.top])

        // Trousers seen in 2 whole frames and never cut off in 12 close-ups fall below the share (4 of 14 needed).
        var fewer = MirrorSessionTracker(settings: settings)
        for i in 0..<2 { _ = fewer.add(Synthetic.frame(Double(i) * 0.4, .wholePerson, [top, trousers])) }
        for i in 2..<14 { _ = fewer.add(Synthetic.frame(Double(i) * 0.4, .closeUp, [top])) }
        #expect(fewer.finish()!.outfit(settings).map(\.coarseClass) == [.top])
    }

    @Test func aCloseUpWalkingPastIsNotStandingStill() {
        // Moving 100 pixels per 0.5 s: shoulders to hips 200 pixels is a body height of 513, 0.39 body heights a
        // second: still; 300 pixels per 0.5 s is 1.2: walking.
        for (step, still) in [(100.0, 4), (300.0, 1)] {
            var tracker = MirrorSessionTracker(settings: settings)
            for i in 0..<4 {
                _ = tracker.add(
                    FrameAnalysis(
                        timestampSeconds: Double(i) * 0.5, verdict: .closeUp,
                        pose: Synthetic.closeUpPose(x: 100 + Double(i) * step), garments: []))
            }
            #expect(tracker.finish()!.stillFrames == still, "step \(step)")
        }
    }

    @Test func outerwearOfTheTopsColourSeenLessIsTheTopSeenTwice() {
        let top = Synthetic.observation(.tshirts, .blue, axis: 4, lab: (55, -5, -45))
        let twin = Synthetic.observation(.jackets, .blue, axis: 8, lab: (56, -4, -44))
        let jacket = Synthetic.observation(.jackets, .blue, axis: 8, lab: (45, 0, -40))
        func session(_ outerwear: GarmentObservation, inFrames outerFrames: Int) -> MirrorSession {
            var tracker = MirrorSessionTracker(settings: settings)
            for i in 0..<10 {
                _ = tracker.add(Synthetic.frame(Double(i) * 0.4, .closeUp, i < outerFrames ? [top, outerwear] : [top]))
            }
            return tracker.finish()!
        }
        // Within 5 of the top and seen in fewer frames: the top seen twice.
        #expect(session(twin, inFrames: 6).outfit(settings).map(\.coarseClass) == [.top])
        // Seen in as many frames as the top: a jacket over a top of its colour.
        #expect(session(twin, inFrames: 10).outfit(settings).map(\.coarseClass) == [.top, .outerwear])
        // Another shade: a jacket.
        #expect(session(jacket, inFrames: 6).outfit(settings).map(\.coarseClass) == [.top, .outerwear])
    }

    /// Scenarios 5151 and 9595: a striped T-shirt also reported as outerwear in as many frames as the top and
    /// ΔE 5.3 from it, but the classifier gave that crop less than 0.001 of being a jacket or a coat.
    @Test func outerwearTheClassifierDoesNotTakeForOuterwearIsTheTopSeenTwice() {
        let top = Synthetic.observation(.tshirts, .red, axis: 4, lab: (50, 60, 40))
        func outfit(_ classProbability: Double, withTop: Bool = true) -> [CoarseGarmentClass] {
            let coat = Synthetic.observation(.coats, .red, axis: 8, probability: classProbability, lab: (52, 55, 36))
            var tracker = MirrorSessionTracker(settings: settings)
            for i in 0..<8 { _ = tracker.add(Synthetic.frame(Double(i) * 0.4, .wholePerson, withTop ? [top, coat] : [coat])) }
            return tracker.finish()!.outfit(settings).map(\.coarseClass)
        }
        #expect(outfit(0.001) == [.top])
        // A real jacket or coat the classifier is unsure of still gets 0.05 or more.
        #expect(outfit(0.05) == [.top, .outerwear])
        // Without a top in the session, there is nothing it could be a second look at.
        #expect(outfit(0.001, withTop: false) == [.outerwear])
    }

    /// Scenario 7373: a black dress also reported as a black coat the classifier gave 0.004 of being outerwear at
    /// all; the closed-coat rule then dropped the dress and logged the coat.
    @Test func outerwearTheClassifierDoesNotTakeForOuterwearIsTheOnePieceSeenTwice() {
        let dress = Synthetic.observation(.dresses, .black, axis: 6, lab: (12, 0, -3))
        func outfit(_ classProbability: Double) -> [CoarseGarmentClass] {
            let coat = Synthetic.observation(.coats, .black, axis: 8, probability: classProbability, lab: (12, 0, -3))
            var tracker = MirrorSessionTracker(settings: settings)
            for i in 0..<8 { _ = tracker.add(Synthetic.frame(Double(i) * 0.4, .wholePerson, [dress, coat])) }
            return tracker.finish()!.outfit(settings).map(\.coarseClass)
        }
        #expect(outfit(0.004) == [.onePiece])
        // A coat the classifier takes for one, over a dress, stays (the recorder then tells a closed coat's skirt).
        #expect(outfit(0.2) == [.onePiece, .outerwear])
    }

    /// Scenario 7373: a long purple coat's skirt also reported as shorts of its colour, in half the coat's frames.
    @Test func aBottomOfTheOuterwearsColourSeenLessIsTheCoatsSkirt() {
        let coat = Synthetic.observation(.coats, .purple, axis: 8, lab: (50, 30, -20))
        func outfit(_ bottom: GarmentObservation, inFrames bottomFrames: Int) -> [CoarseGarmentClass] {
            var tracker = MirrorSessionTracker(settings: settings)
            for i in 0..<10 {
                _ = tracker.add(Synthetic.frame(Double(i) * 0.4, .wholePerson, i < bottomFrames ? [coat, bottom] : [coat]))
            }
            return tracker.finish()!.outfit(settings).map(\.coarseClass)
        }
        let skirt = Synthetic.observation(.shorts, .purple, axis: 2, lab: (51, 31, -19))
        let shorts = Synthetic.observation(.shorts, .brown, axis: 2, lab: (40, 10, 20))
        #expect(outfit(skirt, inFrames: 5) == [.outerwear])
        // Shorts of another colour under the coat, or a bottom seen as often as the coat, are a garment of their own.
        #expect(outfit(shorts, inFrames: 5) == [.bottom, .outerwear])
        #expect(outfit(skirt, inFrames: 10) == [.bottom, .outerwear])
    }
}
