/// What the person did with a recommended outfit.
public enum FeedbackAction: String, CaseIterable, Sendable {
    case accept, reject, next
}
