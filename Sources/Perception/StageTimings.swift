/// Time spent per pipeline stage, summed over analysed frames, for `ms per analysed frame` figures.
public struct StageTimings: Sendable, Equatable {
    /// The stages, in pipeline order.
    public enum Stage: String, CaseIterable, Sendable {
        case decode, pose, detection, classification, colour
    }

    /// Nanoseconds per stage.
    public private(set) var nanoseconds: [Stage: Int64] = [:]
    /// Frames that went through the pipeline (decode and pose at least).
    public var analysedFrames = 0
    /// Frames on which a whole person was seen (detection and classification ran).
    public var personFrames = 0

    /// Nothing measured yet.
    public init() {}

    /// Adds time to a stage.
    public mutating func add(_ stage: Stage, _ duration: Duration) {
        let c = duration.components
        nanoseconds[stage, default: 0] += c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000
    }

    /// Runs `body` and adds its time to `stage`.
    public mutating func measure<T>(_ stage: Stage, _ body: () throws -> T) rethrows -> T {
        let clock = ContinuousClock()
        let start = clock.now
        defer { add(stage, start.duration(to: clock.now)) }
        return try body()
    }

    /// Adds another set of timings.
    public mutating func merge(_ other: StageTimings) {
        for (stage, ns) in other.nanoseconds { nanoseconds[stage, default: 0] += ns }
        analysedFrames += other.analysedFrames
        personFrames += other.personFrames
    }

    /// Mean milliseconds per analysed frame of one stage.
    public func millisecondsPerFrame(_ stage: Stage) -> Double {
        analysedFrames > 0 ? Double(nanoseconds[stage, default: 0]) / 1e6 / Double(analysedFrames) : 0
    }

    /// Mean milliseconds per analysed frame, all stages.
    public var totalMillisecondsPerFrame: Double { Stage.allCases.reduce(0) { $0 + millisecondsPerFrame($1) } }

    /// One line: `analysed_frames=… person_frames=… decode_ms=… … total_ms=…`.
    public var summary: String {
        func f(_ v: Double) -> String {
            let scaled = (v * 1000).rounded() / 1000
            return String(scaled)
        }
        var parts = ["analysed_frames=\(analysedFrames)", "person_frames=\(personFrames)"]
        for stage in Stage.allCases { parts.append("\(stage.rawValue)_ms=\(f(millisecondsPerFrame(stage)))") }
        parts.append("total_ms=\(f(totalMillisecondsPerFrame))")
        return parts.joined(separator: " ")
    }
}
