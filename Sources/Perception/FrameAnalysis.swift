/// What the pipeline made of one frame: whether a whole person stands there, and their garments.
public struct FrameAnalysis: Sendable {
    /// The frame's time in seconds (the source's clock).
    public var timestampSeconds: Double
    public var verdict: PersonCheck.Verdict
    public var pose: Pose?
    /// At most one garment per coarse class (the best detection on this person).
    public var garments: [GarmentObservation]
    /// In a close-up, the classes of garments seen but cut off by the frame's bottom edge: seen, but not analysed.
    public var cutOff: [CoarseGarmentClass]

    /// An analysis.
    public init(
        timestampSeconds: Double, verdict: PersonCheck.Verdict, pose: Pose?, garments: [GarmentObservation],
        cutOff: [CoarseGarmentClass] = []
    ) {
        self.timestampSeconds = timestampSeconds
        self.verdict = verdict
        self.pose = pose
        self.garments = garments
        self.cutOff = cutOff
    }
}

extension FrameAnalysis {
    /// One line for a trace log: the verdict, the required keypoints (score and frame position) and the garments
    /// seen with their colour and crop, e.g. `partial (missing leftAnkle); nose 0.91 (240,96) … ; garments: top
    /// shirts blue #3a4f8c [180,250,300,420], shoes shoes black #202020 (not settled) [190,600,290,630]`.
    public var summary: String {
        let verdictText: String
        switch verdict {
        case .wholePerson: verdictText = "whole person"
        case .closeUp: verdictText = "close-up"
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
            parts.append(
                "garments: "
                    + garments.map { g in
                        "\(g.coarseClass.name) \(g.category.rawValue) \(g.colour.name.rawValue) \(g.colour.measured)"
                            + (g.colour.settled ? "" : " (not settled)")
                            + String(format: " [%.0f,%.0f,%.0f,%.0f]", g.box.x0, g.box.y0, g.box.x1, g.box.y1)
                    }.joined(separator: ", "))
        }
        if !cutOff.isEmpty { parts.append("cut off: " + cutOff.map(\.name).joined(separator: ", ")) }
        return parts.joined(separator: "; ")
    }
}
