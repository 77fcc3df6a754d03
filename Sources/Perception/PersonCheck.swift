/// Decides from a pose whether a whole person stands in front of the mirror, facing it: nose, both shoulders and
/// both ankles inside the frame with good scores; standing (shoulder-to-ankle height a good share of the frame);
/// facing the camera (the person's left shoulder on the image's right, shoulders wide enough).
public struct PersonCheck: Sendable, Equatable {
    /// Why a pose was or was not taken as a whole person.
    public enum Verdict: Sendable, Equatable {
        /// A whole person facing the mirror: garments can be analysed.
        case wholePerson
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
        let w = Double(frameWidth), h = Double(frameHeight), m = edgeMarginPixels
        let missing = Self.required.filter { keypoint in
            let p = pose[keypoint]
            return p.score < minimumKeypointScore || p.x < m || p.y < m || p.x > w - m || p.y > h - m
        }
        if !missing.isEmpty { return .partial(missing: missing) }
        let leftShoulder = pose[.leftShoulder], rightShoulder = pose[.rightShoulder]
        let shoulderY = (leftShoulder.y + rightShoulder.y) / 2
        let ankleY = (pose[.leftAnkle].y + pose[.rightAnkle].y) / 2
        let bodyHeight = ankleY - shoulderY
        guard bodyHeight >= minimumStandingShare * h, pose[.nose].y < shoulderY else { return .notStanding }
        // The person's left shoulder is on the image's right when they face the camera.
        let shoulderWidth = leftShoulder.x - rightShoulder.x
        guard shoulderWidth >= minimumShoulderWidthShare * bodyHeight else { return .notFacing }
        return .wholePerson
    }
}
