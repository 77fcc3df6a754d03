/// What the person said about a recommended outfit.
public enum FeedbackAction: String, Codable, Sendable, CaseIterable {
    /// They will wear it: a positive example.
    case accept
    /// Not this one: a negative example.
    case reject
    /// Show the next outfit; teaches nothing (they may just be browsing).
    case next
}
