import Foundation

/// Paces a replay in real time: frame times relative to the first frame map onto the wall clock from `start`.
struct ReplayClock {
    private var startWall: Double?
    private var startFrame: Double = 0

    /// Seconds (monotonic) now.
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    mutating func reset() { startWall = nil }

    /// Seconds until a frame with this time is due (negative: overdue). The first frame asked about is due now.
    mutating func secondsUntil(frameTime: Double) -> Double {
        let now = Self.now()
        guard let startWall else {
            self.startWall = now
            startFrame = frameTime
            return 0
        }
        return (frameTime - startFrame) - (now - startWall)
    }
}
