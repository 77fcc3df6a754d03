/// Why a feedback payload was ignored: the reason in words, for the log.
public struct FeedbackPayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: String

    public init(_ reason: String) { self.reason = reason }

    public var description: String { "feedback payload ignored: \(reason)" }
}
