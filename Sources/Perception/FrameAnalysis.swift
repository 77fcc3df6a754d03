/// What the pipeline made of one frame: whether a whole person stands there, and their garments.
public struct FrameAnalysis: Sendable {
    /// The frame's time in seconds (the source's clock).
    public var timestampSeconds: Double
    public var verdict: PersonCheck.Verdict
    public var pose: Pose?
    /// At most one garment per coarse class (the best detection on this person).
    public var garments: [GarmentObservation]

    /// An analysis.
    public init(timestampSeconds: Double, verdict: PersonCheck.Verdict, pose: Pose?, garments: [GarmentObservation]) {
        self.timestampSeconds = timestampSeconds
        self.verdict = verdict
        self.pose = pose
        self.garments = garments
    }
}
