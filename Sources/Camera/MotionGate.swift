/// Decides, on a small grey frame, whether something moves: each pixel is compared with a running average of the
/// scene; motion is a changed area above a minimum. A change over most of the frame (lights switched on or off, the
/// camera's exposure jumping) is not motion: the average is reset to the new scene instead.
///
/// Cost: a few operations per pixel of the downscaled frame (80x60 = 4800 pixels for 640x480 / 8).
public struct MotionGate: Sendable {
    /// Tuning.
    public struct Settings: Sendable, Equatable {
        /// A pixel has changed when it differs from the average by more than this (0...255), after the frame's
        /// overall brightness shift is taken out.
        public var pixelThreshold: Int = 25
        /// Motion needs at least this fraction of pixels changed.
        public var minimumChangedFraction: Double = 0.01
        /// More than this fraction changed is a global change (lights), not motion.
        public var globalChangeFraction: Double = 0.6
        /// The average follows the scene by 1/2^averagingShift of the difference per frame.
        public var averagingShift: Int = 4

        /// Defaults suited to a mirror camera at 640x480 downscaled by 8.
        public init() {}
    }

    /// What the gate decided for one frame.
    public struct Decision: Sendable, Equatable {
        /// Something moves.
        public var motion: Bool
        /// Fraction of pixels changed, 0...1.
        public var changedFraction: Double
        /// The whole scene changed at once (lights): ignored, the average was reset.
        public var globalChange: Bool
    }

    /// The settings in use.
    public let settings: Settings
    private var average: [Float] = []
    private var width = 0, height = 0

    /// A gate with no history: its first frame only sets the average.
    public init(settings: Settings = Settings()) {
        self.settings = settings
    }

    /// Feeds a grey frame; frames of another size than the previous one restart the average.
    public mutating func evaluate(_ frame: Image) -> Decision {
        precondition(frame.channels == 1, "the motion gate takes grey frames")
        let count = frame.width * frame.height
        guard count > 0 else { return Decision(motion: false, changedFraction: 0, globalChange: false) }
        if frame.width != width || frame.height != height || average.count != count {
            width = frame.width
            height = frame.height
            average = frame.pixels.map { Float($0) }
            return Decision(motion: false, changedFraction: 0, globalChange: false)
        }
        // Fit frame ~ gain * average + offset over the whole frame: a light switched on or dimmed changes gain and
        // offset for the background, which dominates the fit; what moves does not fit it.
        var sumX: Float = 0, sumY: Float = 0, sumXX: Float = 0, sumXY: Float = 0
        frame.pixels.withUnsafeBufferPointer { pixels in
            average.withUnsafeBufferPointer { avg in
                for i in 0..<count {
                    let x = avg[i], y = Float(pixels[i])
                    sumX += x
                    sumY += y
                    sumXX += x * x
                    sumXY += x * y
                }
            }
        }
        let n = Float(count)
        let variance = sumXX / n - (sumX / n) * (sumX / n)
        var gain: Float = 1
        if variance > 1 { gain = min(4, max(0.25, (sumXY / n - (sumX / n) * (sumY / n)) / variance)) }
        let offset = sumY / n - gain * sumX / n
        let meanShift = abs(sumY - sumX) / n
        let threshold = Float(settings.pixelThreshold)
        let rate = 1 / Float(1 << settings.averagingShift)
        var changed = 0
        frame.pixels.withUnsafeBufferPointer { pixels in
            average.withUnsafeMutableBufferPointer { avg in
                for i in 0..<count {
                    let y = Float(pixels[i])
                    let expected = gain * avg[i] + offset
                    if abs(y - expected) > threshold { changed += 1 }
                    // Follow the scene in the new light: blend towards the frame from the light-corrected average.
                    avg[i] = expected + (y - expected) * rate
                }
            }
        }
        let fraction = Float(changed) / n
        // Most of the frame changed, or the brightness jumped and the fit could not explain it (clipping): global.
        let global = fraction > Float(settings.globalChangeFraction)
            || (meanShift > threshold && fraction >= Float(settings.minimumChangedFraction))
        if global {
            average = frame.pixels.map { Float($0) }
            return Decision(motion: false, changedFraction: Double(fraction), globalChange: true)
        }
        return Decision(
            motion: fraction >= Float(settings.minimumChangedFraction), changedFraction: Double(fraction),
            globalChange: false)
    }
}
