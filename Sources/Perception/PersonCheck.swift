/// Decides from a pose whether a whole person stands in front of the mirror, facing it: nose, both shoulders and
/// both ankles inside the frame with good scores; standing (shoulder-to-ankle height a good share of the frame);
/// facing the camera (the person's left shoulder on the image's right, shoulders wide enough). Someone standing so
/// close that their feet are below the frame's bottom edge is a close-up: nose, shoulders and hips inside, the
/// ankles where the torso's length puts them, below the frame.
public struct PersonCheck: Sendable, Equatable {
    /// Why a pose was or was not taken as a whole person.
    public enum Verdict: Sendable, Equatable {
        /// A whole person facing the mirror: garments can be analysed.
        case wholePerson
        /// A person facing the mirror from so close that their feet are below the frame: the garments the frame
        /// shows whole can be analysed, shoes cannot.
        case closeUp
        /// Too few keypoints: nobody is there.
        case nobody
        /// Someone is there, but these required keypoints are weak or outside the frame.
        case partial(missing: [BodyKeypoint])
        /// Shoulder-to-ankle height is below the share of the frame height (far away, sitting, bending).
        case notStanding
        /// Turned sideways or away (shoulders crossed or too narrow).
        case notFacing

        /// Someone is in front of the camera (a session stays open), whole or not.
        public var personPresent: Bool { self != .nobody }
        /// The frame's garments are analysed: a whole person or a close-up.
        public var showsGarments: Bool { self == .wholePerson || self == .closeUp }
    }

    /// The least score a keypoint needs to count.
    public var minimumKeypointScore = 0.3
    /// Fewer keypoints than this with a good score means nobody is there.
    public var minimumKeypointsForPresence = 4
    /// Shoulder-to-ankle height (vertical, between the midpoints) as a share of the frame height, at least. A third:
    /// someone who looks at their outfit in the mirror stands within about 2.5 m of a portrait camera and fills
    /// more; someone walking past in the room behind, 3 m or more away, mostly fills less (on three rendered
    /// scenarios, all 1,043 of the owner's frames that passed the other checks were above it, and 23 of the 63
    /// such frames of passers-by). A camera with another field of view or framing may need its own value
    /// (`perception.min_standing_share`).
    public var minimumStandingShare = 0.33
    /// Shoulder width as a share of the shoulder-to-ankle height, at least (a side view is narrow).
    public var minimumShoulderWidthShare = 0.12
    /// Required keypoints must lie this many pixels inside the frame.
    public var edgeMarginPixels = 1.0
    /// Whether a person whose feet are below the frame is a close-up (`perception.close_ups`); when false, they are
    /// partial, as anyone with a keypoint missing.
    public var acceptsCloseUps = true
    /// Shoulder-to-hip height as a share of shoulder-to-ankle height, for a standing person: where a close-up's
    /// ankles are. On four rendered scenarios' ground truth (1,484 whole frames of the owner) it lay within
    /// 0.38–0.42 (median 0.39).
    public static let torsoShare = 0.39

    /// The keypoints that must be visible.
    public static let required: [BodyKeypoint] = [.nose, .leftShoulder, .rightShoulder, .leftAnkle, .rightAnkle]

    /// The default thresholds.
    public init() {}

    /// Whether any face keypoint (nose, eyes, ears) has a good score: then a picture shows a head and must not be
    /// kept whole.
    public func faceVisible(_ pose: Pose) -> Bool {
        [BodyKeypoint.nose, .leftEye, .rightEye, .leftEar, .rightEar].contains { pose[$0].score >= minimumKeypointScore }
    }

    /// The verdict for `pose` in a frame of this size.
    public func evaluate(_ pose: Pose, frameWidth: Int, frameHeight: Int) -> Verdict {
        if pose.count(scoreAtLeast: minimumKeypointScore) < minimumKeypointsForPresence { return .nobody }
        let missing = missing(Self.required, of: pose, frameWidth: frameWidth, frameHeight: frameHeight)
        if !missing.isEmpty {
            return acceptsCloseUps && missing.allSatisfy({ $0 == .leftAnkle || $0 == .rightAnkle })
                ? closeUp(pose, frameWidth: frameWidth, frameHeight: frameHeight) ?? .partial(missing: missing)
                : .partial(missing: missing)
        }
        let ankleY = (pose[.leftAnkle].y + pose[.rightAnkle].y) / 2
        return posture(pose, ankleY: ankleY, frameHeight: frameHeight, standing: .wholePerson)
    }

    /// Where a standing person's ankles are from the shoulders and hips (frame row): `torsoShare` of the way.
    /// Nil unless both hips have good scores and lie below the shoulders.
    public func estimatedAnkleY(_ pose: Pose) -> Double? {
        let hips = [pose[.leftHip], pose[.rightHip]]
        guard hips.allSatisfy({ $0.score >= minimumKeypointScore }) else { return nil }
        let shoulderY = (pose[.leftShoulder].y + pose[.rightShoulder].y) / 2
        let hipY = (hips[0].y + hips[1].y) / 2
        guard hipY > shoulderY else { return nil }
        return shoulderY + (hipY - shoulderY) / Self.torsoShare
    }

    /// Those of `keypoints` that score below the minimum or lie outside the frame (by the edge margin).
    private func missing(_ keypoints: [BodyKeypoint], of pose: Pose, frameWidth: Int, frameHeight: Int) -> [BodyKeypoint] {
        let w = Double(frameWidth), h = Double(frameHeight), m = edgeMarginPixels
        return keypoints.filter { keypoint in
            let p = pose[keypoint]
            return p.score < minimumKeypointScore || p.x < m || p.y < m || p.x > w - m || p.y > h - m
        }
    }

    /// `standing` when the body from the shoulders down to `ankleY` is a good share of the frame, the nose above
    /// the shoulders, and the person faces the camera; else why not.
    private func posture(_ pose: Pose, ankleY: Double, frameHeight: Int, standing: Verdict) -> Verdict {
        let leftShoulder = pose[.leftShoulder], rightShoulder = pose[.rightShoulder]
        let shoulderY = (leftShoulder.y + rightShoulder.y) / 2
        let bodyHeight = ankleY - shoulderY
        guard bodyHeight >= minimumStandingShare * Double(frameHeight), pose[.nose].y < shoulderY else {
            return .notStanding
        }
        // The person's left shoulder is on the image's right when they face the camera.
        guard leftShoulder.x - rightShoulder.x >= minimumShoulderWidthShare * bodyHeight else { return .notFacing }
        return standing
    }

    /// The verdict for a pose whose nose and shoulders are in, ankles not: a close-up when both hips are inside
    /// with good scores, the ankles' estimated row is below the frame's bottom edge (within a twentieth of the body's
    /// height: ankles at the edge score low), and the person stands and faces the camera by the usual measures on
    /// the estimated body height. Nil when it is not a close-up.
    private func closeUp(_ pose: Pose, frameWidth: Int, frameHeight: Int) -> Verdict? {
        guard missing([.leftHip, .rightHip], of: pose, frameWidth: frameWidth, frameHeight: frameHeight).isEmpty,
            let ankleY = estimatedAnkleY(pose)
        else { return nil }
        let bodyHeight = ankleY - (pose[.leftShoulder].y + pose[.rightShoulder].y) / 2
        guard ankleY >= Double(frameHeight) - 0.05 * bodyHeight else { return nil }
        return posture(pose, ankleY: ankleY, frameHeight: frameHeight, standing: .closeUp)
    }
}
