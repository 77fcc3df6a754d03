/// The 17 COCO body keypoints in the pose model's output order. "Left" is the person's left, which is on the
/// image's right (frames are not mirrored).
public enum BodyKeypoint: Int, CaseIterable, Sendable {
    case nose, leftEye, rightEye, leftEar, rightEar
    case leftShoulder, rightShoulder, leftElbow, rightElbow, leftWrist, rightWrist
    case leftHip, rightHip, leftKnee, rightKnee, leftAnkle, rightAnkle
}
