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

extension FrameAnalysis {
    /// One line for a trace log: the verdict, the required keypoints (score and frame position) and the garments
    /// seen, e.g. `partial (missing leftAnkle); nose 0.91 (240,96) … ; garments: top shirts, bottom jeans`.
    public var summary: String {
        let verdictText: String
        switch verdict {
        case .wholePerson: verdictText = "whole person"
        case .nobody: verdictText = "nobody"
        case .partial(let missing): verdictText = "partial (missing \(missing.map { "\($0)" }.joined(separator: ", ")))"
        case .notStanding: verdictText = "not standing"
        case .notFacing: verdictText = "not facing"
        }
        var parts = [verdictText]
        if let pose {
            parts.append(
                PersonCheck.required.map { keypoint in
                    let p = pose[keypoint]
                    return "\(keypoint) " + String(format: "%.2f (%.0f,%.0f)", p.score, p.x, p.y)
                }.joined(separator: " "))
        }
        if !garments.isEmpty {
            parts.append("garments: " + garments.map { "\($0.coarseClass.name) \($0.category.rawValue)" }.joined(separator: ", "))
        }
        return parts.joined(separator: "; ")
    }
}
