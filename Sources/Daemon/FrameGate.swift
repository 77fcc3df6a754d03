import Camera
import Logging

/// The motion gate over the camera's newest frames: each frame once, corrupt frames counted and skipped.
struct FrameGate {
    private var preprocessor = FramePreprocessor(gateFactor: 8)
    private var gate = MotionGate()
    private var lastFrame: (sequence: UInt64, timestamp: Double)?
    private(set) var corruptFrames = 0

    /// The gate's decision for `frame`, or nil when it was seen already or could not be read.
    mutating func evaluate(_ frame: Frame, logger: Logger) -> MotionGate.Decision? {
        if let lastFrame, lastFrame.sequence == frame.sequence, lastFrame.timestamp == frame.timestampSeconds { return nil }
        lastFrame = (frame.sequence, frame.timestampSeconds)
        do {
            return gate.evaluate(try preprocessor.gateImage(frame))
        } catch {
            corruptFrames += 1
            if corruptFrames == 1 || corruptFrames % 100 == 0 {
                logger.warning("camera: unreadable frame skipped (\(corruptFrames) so far): \(error)")
            }
            return nil
        }
    }
}
