import Testing

@testable import Perception

@Suite struct PoseAndPersonCheckTests {
    /// A person facing the camera in a 480×640 frame, feet at y 580, 440 px from shoulders to ankles.
    static func standing(shift: Double = 0, scale: Double = 1) -> Pose {
        func p(_ x: Double, _ y: Double) -> Pose.Point {
            Pose.Point(x: 240 + (x - 240) * scale + shift, y: 580 - (580 - y) * scale, score: 0.9)
        }
        return Pose(points: [
            p(240, 100), p(250, 92), p(230, 92), p(262, 96), p(218, 96),
            p(290, 140), p(190, 140), p(305, 230), p(175, 230), p(310, 310), p(170, 310),
            p(270, 320), p(210, 320), p(268, 450), p(212, 450), p(266, 580), p(214, 580),
        ])
    }

    @Test func poseDecoderMapsTheSquareInputToFramePixels() throws {
        // A 480×640 frame in the 192 square: scale 0.3, 24 px bars left and right.
        let mapping = LetterboxMapping(frameWidth: 480, frameHeight: 640, inputWidth: 192, inputHeight: 192)
        #expect(mapping.placementX == 24 && mapping.placementWidth == 144)
        var values = [Float](repeating: 0.5, count: 51)
        values[0] = 0.25  // nose y
        values[1] = 0.75  // nose x
        values[2] = 1.7  // score clamped to 1
        let pose = try PoseDecoder.decode(values, mapping: mapping)
        #expect(abs(pose[.nose].y - 160) < 1e-6)
        #expect(abs(pose[.nose].x - (144 - 24) / 0.3) < 1e-6)
        #expect(pose[.nose].score == 1)
        #expect(throws: PerceptionError.self) { try PoseDecoder.decode([0, 1], mapping: mapping) }
    }

    @Test func verdicts() {
        let check = PersonCheck()
        #expect(check.evaluate(Self.standing(), frameWidth: 480, frameHeight: 640) == .wholePerson)

        var nobody = Self.standing()
        for k in BodyKeypoint.allCases { nobody[k].score = 0.05 }
        #expect(check.evaluate(nobody, frameWidth: 480, frameHeight: 640) == .nobody)

        // Walking out of the frame at the side: shoulders leave it.
        let leaving = Self.standing(shift: 220)
        #expect(check.evaluate(leaving, frameWidth: 480, frameHeight: 640) == .partial(missing: [.leftShoulder, .leftAnkle]))

        var weakAnkle = Self.standing()
        weakAnkle[.rightAnkle].score = 0.1
        #expect(check.evaluate(weakAnkle, frameWidth: 480, frameHeight: 640) == .partial(missing: [.rightAnkle]))

        // Far away: 440 × 0.3 = 132 px of 640 is below a third.
        #expect(check.evaluate(Self.standing(scale: 0.3), frameWidth: 480, frameHeight: 640) == .notStanding)
        // Someone walking past further back: 440 × 0.45 = 198 px, 31 % of the frame; the owner nearer, 220 px, 34 %.
        #expect(check.evaluate(Self.standing(scale: 0.45), frameWidth: 480, frameHeight: 640) == .notStanding)
        #expect(check.evaluate(Self.standing(scale: 0.5), frameWidth: 480, frameHeight: 640) == .wholePerson)

        // Back to the camera: the person's left shoulder on the image's left.
        var turned = Self.standing()
        let left = turned[.leftShoulder]
        turned[.leftShoulder] = turned[.rightShoulder]
        turned[.rightShoulder] = left
        #expect(check.evaluate(turned, frameWidth: 480, frameHeight: 640) == .notFacing)

        // Side view: shoulders 20 px apart.
        var side = Self.standing()
        side[.leftShoulder].x = 250
        side[.rightShoulder].x = 230
        #expect(check.evaluate(side, frameWidth: 480, frameHeight: 640) == .notFacing)
    }

    @Test func aFaceIsVisibleWhenAnyFaceKeypointScoresWell() {
        let check = PersonCheck()
        var pose = Self.standing()
        #expect(check.faceVisible(pose))
        for k in [BodyKeypoint.nose, .leftEye, .rightEye, .leftEar] { pose[k].score = 0.1 }
        #expect(check.faceVisible(pose))  // one ear is enough
        pose[.rightEar].score = 0.2
        #expect(!check.faceVisible(pose))
    }

    /// The trace line of a frame names why a person was not whole, where the required keypoints were, and each
    /// garment's colour and crop.
    @Test func aFramesSummaryNamesTheVerdictAndTheRequiredKeypoints() {
        var pose = Self.standing()
        pose[.leftAnkle].score = 0.12
        let verdict = PersonCheck().evaluate(pose, frameWidth: 480, frameHeight: 640)
        let summary = FrameAnalysis(timestampSeconds: 1, verdict: verdict, pose: pose, garments: []).summary
        #expect(summary.hasPrefix("partial (missing leftAnkle); nose 0.90 ("))
        #expect(summary.contains(String(format: "leftAnkle 0.12 (%.0f,%.0f)", pose[.leftAnkle].x, pose[.leftAnkle].y)))
        let whole = FrameAnalysis(
            timestampSeconds: 1, verdict: .wholePerson, pose: nil,
            garments: [
                Synthetic.observation(.jeans, .blue, axis: 2),
                Synthetic.observation(.shoes, .brown, axis: 3, settled: false, lab: (30, 10, 20)),
            ]
        ).summary
        let jeans = ColourNaming.srgb(lightness: 50, a: 10, b: 10), shoes = ColourNaming.srgb(lightness: 30, a: 10, b: 20)
        #expect(
            whole
                == "whole person; garments: bottom jeans blue \(jeans) [100,200,200,300], "
                + "shoes shoes brown \(shoes) (not settled) [100,200,200,300]")
    }

    /// The check on the sample scenario's ground-truth keypoints agrees with what the truth says is visible.
    @Test func agreesWithTheSampleScenesTruth() throws {
        let frames = try SampleTruth.load()
        let check = PersonCheck()
        var whole = 0, empty = 0
        for frame in frames {
            guard let owner = frame.owner else {
                continue
            }
            let verdict = check.evaluate(owner.pose, frameWidth: frame.width, frameHeight: frame.height)
            let requiredVisible = PersonCheck.required.allSatisfy { owner.visibility[$0.rawValue] == 2 }
            if !requiredVisible {
                #expect(verdict != .wholePerson, "\(frame.file): a required keypoint is hidden or outside")
            }
            if verdict == .wholePerson { whole += 1 }
            if abs(owner.yawDegrees) > 70 { #expect(verdict != .wholePerson, "\(frame.file): turned \(owner.yawDegrees)°") }
        }
        for frame in frames where frame.owner == nil {
            empty += 1
        }
        // The sample has posing frames with the whole person and frames without anybody.
        #expect(whole >= 20, "only \(whole) whole-person frames")
        #expect(empty >= 5)
    }
}
