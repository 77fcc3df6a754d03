/// Why one line of a journal or snapshot could not be used.
public struct RecordFailure: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
