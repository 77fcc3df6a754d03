/// Groups analysed frames into mirror sessions: a session opens with the first frame that shows someone, stays open
/// while someone is seen (gaps up to the tolerance bridged) and closes when nobody was seen for longer. Garments
/// are pooled only from frames with a whole person.
public struct MirrorSessionTracker: Sendable {
    public var settings: PerceptionSettings.Session
    private var open: MirrorSession?
    private var lastPresentSeconds = 0.0

    /// A tracker with no session open.
    public init(settings: PerceptionSettings.Session) { self.settings = settings }

    /// Whether a session is open (the daemon then analyses every frame, not only moving ones).
    public var isSessionOpen: Bool { open != nil }

    /// Feeds one analysed frame (in time order); returns the session this frame closed, if any.
    public mutating func add(_ frame: FrameAnalysis) -> MirrorSession? {
        var closed: MirrorSession?
        if open != nil, frame.timestampSeconds - lastPresentSeconds > settings.gapToleranceSeconds {
            closed = close()
        }
        guard frame.verdict.personPresent else { return closed }
        if open == nil {
            open = MirrorSession(
                startSeconds: frame.timestampSeconds, endSeconds: frame.timestampSeconds, frames: 0, wholePersonFrames: 0,
                pooled: [:])
        }
        lastPresentSeconds = frame.timestampSeconds
        open!.endSeconds = frame.timestampSeconds
        open!.frames += 1
        if frame.verdict == .wholePerson {
            open!.wholePersonFrames += 1
            for garment in frame.garments {
                var pooled = open!.pooled[garment.coarseClass] ?? PooledGarment(coarseClass: garment.coarseClass)
                pooled.add(garment, timestampSeconds: frame.timestampSeconds)
                open!.pooled[garment.coarseClass] = pooled
            }
        }
        return closed
    }

    /// Time passed without an analysed frame; returns the session that closed because the gap grew too long.
    public mutating func tick(nowSeconds: Double) -> MirrorSession? {
        guard open != nil, nowSeconds - lastPresentSeconds > settings.gapToleranceSeconds else { return nil }
        return close()
    }

    /// Closes the open session now (end of a replay or an ingest).
    public mutating func finish() -> MirrorSession? { close() }

    private mutating func close() -> MirrorSession? {
        defer { open = nil }
        return open
    }
}
