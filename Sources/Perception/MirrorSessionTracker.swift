/// Groups analysed frames into mirror sessions: a session opens with the first frame that shows someone, stays open
/// while someone is seen (gaps up to the tolerance bridged) and closes when nobody was seen for longer. Garments
/// are pooled only from frames with a whole person or a close-up; those where the person stood still are counted,
/// since a session needs enough of them.
public struct MirrorSessionTracker: Sendable {
    public var settings: PerceptionSettings.Session
    private var open: MirrorSession?
    private var lastPresentSeconds = 0.0
    /// The body's centre in the session's last whole-person or close-up frame with a pose, and whether it was a
    /// close-up (measured from other keypoints).
    private var lastCentre: (seconds: Double, x: Double, y: Double, closeUp: Bool)?

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
                stillFrames: 0, pooled: [:])
            lastCentre = nil
        }
        lastPresentSeconds = frame.timestampSeconds
        open!.endSeconds = frame.timestampSeconds
        open!.frames += 1
        if frame.verdict.showsGarments {
            if frame.verdict == .closeUp { open!.closeUpFrames += 1 } else { open!.wholePersonFrames += 1 }
            let still = standsStill(frame)
            if still ?? true { open!.stillFrames += 1 }
            for garment in frame.garments {
                var pooled = open!.pooled[garment.coarseClass] ?? PooledGarment(coarseClass: garment.coarseClass)
                // A crop is kept only from a frame where the person was seen standing still: a moving person's
                // pose lags or blends with someone beside them, and their head can then reach into the crop.
                pooled.add(garment, timestampSeconds: frame.timestampSeconds, cropKeepable: still == true)
                open!.pooled[garment.coarseClass] = pooled
            }
            for coarseClass in frame.cutOff {
                open!.pooled[coarseClass, default: PooledGarment(coarseClass: coarseClass)].addCutOff()
            }
        }
        return closed
    }

    /// Whether the person of a whole-person frame stood still since the session's previous one: the centre of
    /// shoulders and ankles moved at most `maximumStillSpeed` body heights per second. A close-up is measured by
    /// its shoulders and hips, its body height estimated from them (`PersonCheck.torsoShare`). Nil for the first
    /// such frame, one that follows a frame of the other kind, and a frame without a pose (nothing to measure); the
    /// session counts those as still.
    private mutating func standsStill(_ frame: FrameAnalysis) -> Bool? {
        guard let pose = frame.pose else { return nil }
        let closeUp = frame.verdict == .closeUp
        let lower: [BodyKeypoint] = closeUp ? [.leftHip, .rightHip] : [.leftAnkle, .rightAnkle]
        let corners = [pose[.leftShoulder], pose[.rightShoulder], pose[lower[0]], pose[lower[1]]]
        let x = corners.map(\.x).reduce(0, +) / 4
        let y = corners.map(\.y).reduce(0, +) / 4
        let span = (pose[lower[0]].y + pose[lower[1]].y - pose[.leftShoulder].y - pose[.rightShoulder].y) / 2
        let bodyHeight = closeUp ? span / PersonCheck.torsoShare : span
        defer { lastCentre = (frame.timestampSeconds, x, y, closeUp) }
        guard let last = lastCentre, last.closeUp == closeUp, frame.timestampSeconds > last.seconds, bodyHeight > 0
        else { return nil }
        let moved = ((x - last.x) * (x - last.x) + (y - last.y) * (y - last.y)).squareRoot()
        return moved / bodyHeight / (frame.timestampSeconds - last.seconds) <= settings.maximumStillSpeed
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
