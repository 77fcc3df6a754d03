/// Decodes the pose model's output ([1, 1, 17, 3]: y, x, score with y and x in [0, 1] of the square input, the
/// MoveNet SinglePose contract) into a pose in frame pixels.
public enum PoseDecoder {
    /// The pose for `values` (51 floats, keypoint-major). Scores are clamped to [0, 1]; a non-finite value gives score 0.
    public static func decode(_ values: [Float], mapping: LetterboxMapping) throws(PerceptionError) -> Pose {
        let count = BodyKeypoint.allCases.count
        guard values.count == count * 3 else {
            throw PerceptionError(.badModelOutput, "pose output has \(values.count) values, expected \(count * 3) (17 × y, x, score)")
        }
        var points: [Pose.Point] = []
        points.reserveCapacity(count)
        for k in 0..<count {
            let y = Double(values[3 * k]), x = Double(values[3 * k + 1]), s = Double(values[3 * k + 2])
            guard x.isFinite, y.isFinite, s.isFinite else {
                points.append(Pose.Point(x: 0, y: 0, score: 0))
                continue
            }
            let p = mapping.framePoint(inputX: x * Double(mapping.inputWidth), inputY: y * Double(mapping.inputHeight))
            points.append(Pose.Point(x: p.x, y: p.y, score: min(1, max(0, s))))
        }
        return Pose(points: points)
    }
}
