/// One entry of the feedback log: what the person did with a recommendation.
public struct FeedbackEvent: Equatable, Sendable {
    /// The recommender's id for the recommendation.
    public var recommendation: String
    /// The items of the recommended outfit.
    public var outfit: [ItemID]
    public var action: FeedbackAction
    public var time: Timestamp

    /// An entry of the feedback log.
    public init(recommendation: String, outfit: [ItemID], action: FeedbackAction, time: Timestamp) {
        self.recommendation = recommendation
        self.outfit = outfit
        self.action = action
        self.time = time
    }
}
