/// What the camera is doing, as the daemon reports it (log, MQTT `state`).
public enum CameraState: Sendable, Equatable, CustomStringConvertible {
    /// Opening the source.
    case opening(source: String)
    /// Frames are flowing.
    case streaming(source: String, format: String)
    /// The source failed; the next attempt comes after `retryInSeconds`.
    case waiting(reason: CameraError, retryInSeconds: Double)
    /// A replay has no more frames; nothing more will come.
    case replayFinished(source: String)
    /// The supervisor stopped (shutdown).
    case stopped

    /// A short text for the `state` topic: "streaming", "no device", "device lost", "no signal", ….
    public var summary: String {
        switch self {
        case .opening: "opening"
        case .streaming: "streaming"
        case .waiting(let reason, _): reason.code.rawValue
        case .replayFinished: "replay finished"
        case .stopped: "stopped"
        }
    }

    public var description: String {
        switch self {
        case .opening(let source): "opening \(source)"
        case .streaming(let source, let format): "streaming from \(source) (\(format))"
        case .waiting(let reason, let retry):
            "\(reason); retrying in \(retry.formatted2) s"
        case .replayFinished(let source): "replay of \(source) finished"
        case .stopped: "stopped"
        }
    }
}

extension Double {
    var formatted2: String {
        let scaled = (self * 10).rounded() / 10
        return scaled == scaled.rounded() ? String(Int(scaled)) : String(scaled)
    }
}
