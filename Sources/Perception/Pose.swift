/// One person's 17 keypoints in frame pixels, each with the model's confidence.
public struct Pose: Sendable, Equatable {
    /// A keypoint: position in frame pixels (x right, y down) and score in [0, 1].
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public var score: Double
        /// A keypoint.
        public init(x: Double, y: Double, score: Double) {
            self.x = x
            self.y = y
            self.score = score
        }
    }

    /// The keypoints in `BodyKeypoint` order (always 17).
    public var points: [Point]

    /// A pose from 17 points in `BodyKeypoint` order.
    public init(points: [Point]) {
        precondition(points.count == BodyKeypoint.allCases.count, "a pose has 17 keypoints")
        self.points = points
    }

    /// The point of one keypoint.
    public subscript(_ keypoint: BodyKeypoint) -> Point {
        get { points[keypoint.rawValue] }
        set { points[keypoint.rawValue] = newValue }
    }

    /// How many keypoints have at least `score`.
    public func count(scoreAtLeast score: Double) -> Int { points.filter { $0.score >= score }.count }
}
