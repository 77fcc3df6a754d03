import Foundation

/// Feedback on a recommendation, from `feedback/set`, a Home Assistant button or `closetd feedback`:
/// `{"recommendation": ID, "outfit": N, "action": "accept"|"reject"|"next"}`. The buttons send only the action:
/// then it is about the outfit shown now.
public struct FeedbackRequest: Equatable, Sendable {
    public enum Action: String, Sendable, CaseIterable { case accept, reject, next }

    public var action: Action
    /// nil: the recommendation shown now.
    public var recommendationID: String?
    /// nil: the outfit shown now.
    public var outfit: Int?

    public init(action: Action, recommendationID: String? = nil, outfit: Int? = nil) {
        self.action = action
        self.recommendationID = recommendationID
        self.outfit = outfit
    }

    /// Parses an MQTT payload; a malformed one gives an error saying why (the daemon logs it and ignores it).
    public static func parse(_ payload: [UInt8]) -> Result<FeedbackRequest, PayloadError> {
        let text = String(decoding: payload.prefix(200), as: UTF8.self)
        guard payload.count <= 4096 else { return .failure(PayloadError(reason: "longer than 4096 bytes", payload: text)) }
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(payload)) else {
            return .failure(PayloadError(reason: "not a JSON object with a string 'action'", payload: text))
        }
        guard let action = Action(rawValue: body.action) else {
            return .failure(PayloadError(reason: "unknown action '\(body.action)' (accept, reject or next)", payload: text))
        }
        if let outfit = body.outfit, outfit < 0 {
            return .failure(PayloadError(reason: "outfit must be 0 or more", payload: text))
        }
        if let id = body.recommendation, id.isEmpty || id.count > 100 {
            return .failure(PayloadError(reason: "recommendation id must be 1 to 100 characters", payload: text))
        }
        return .success(FeedbackRequest(action: action, recommendationID: body.recommendation, outfit: body.outfit))
    }

    private struct Body: Decodable {
        var action: String
        var recommendation: String?
        var outfit: Int?
    }

    /// Why a payload is not feedback.
    public struct PayloadError: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var payload: String
        public var description: String { "ignored feedback: \(reason): '\(payload)'" }
    }
}
