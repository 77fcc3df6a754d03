import Foundation

/// A parsed `closetd/<id>/feedback/set` payload.
///
/// Accepted forms:
/// - JSON `{"recommendation": "ID", "outfit": N, "action": "accept"|"reject"|"next"}`; `recommendation` and
///   `outfit` may be left out (they then mean today's recommendation and the outfit currently shown);
/// - a bare action, `accept`, `reject` or `next` (with or without JSON quotes): what Home Assistant's buttons send.
/// Anything else is a `FeedbackPayloadError` that says what is wrong; the daemon logs it and ignores the payload.
public struct FeedbackCommand: Sendable, Equatable {
    /// The recommendation's id; nil means the latest one.
    public var recommendationID: String?
    /// The outfit's index in the recommendation (0 is the first); nil means the one currently shown.
    public var outfit: Int?
    public var action: FeedbackAction

    public init(recommendationID: String? = nil, outfit: Int? = nil, action: FeedbackAction) {
        self.recommendationID = recommendationID
        self.outfit = outfit
        self.action = action
    }

    /// Payloads above this size are refused unread.
    public static let maximumPayloadBytes = 4096

    /// Parses a payload (untrusted bytes from the broker).
    public static func parse(_ payload: [UInt8]) throws(FeedbackPayloadError) -> FeedbackCommand {
        guard payload.count <= maximumPayloadBytes else {
            throw FeedbackPayloadError("payload of \(payload.count) bytes is larger than \(maximumPayloadBytes)")
        }
        guard let text = String(validating: payload, as: UTF8.self) else {
            throw FeedbackPayloadError("payload is not UTF-8 text")
        }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw FeedbackPayloadError("payload is empty") }
        let bare =
            trimmed.hasPrefix("\"") && trimmed.hasSuffix("\"") && trimmed.count >= 2
            ? String(trimmed.dropFirst().dropLast()) : trimmed
        if let action = FeedbackAction(rawValue: bare) { return FeedbackCommand(action: action) }
        guard trimmed.hasPrefix("{") else {
            throw FeedbackPayloadError(
                "expected a JSON object or one of accept, reject, next; got \(quoted(trimmed))")
        }
        let fields: [String: JSONScalar]
        do {
            fields = try JSONDecoder().decode([String: JSONScalar].self, from: Data(trimmed.utf8))
        } catch {
            throw FeedbackPayloadError("not a flat JSON object of strings and numbers: \(quoted(trimmed))")
        }
        for key in fields.keys.sorted() where !["recommendation", "outfit", "action"].contains(key) {
            throw FeedbackPayloadError("unknown key \(quoted(key)) (expected recommendation, outfit, action)")
        }
        guard let actionField = fields["action"] else { throw FeedbackPayloadError("missing key \"action\"") }
        guard case .string(let actionName) = actionField else {
            throw FeedbackPayloadError("\"action\" must be a string, got \(actionField.kind)")
        }
        guard let action = FeedbackAction(rawValue: actionName) else {
            throw FeedbackPayloadError("\"action\" is \(quoted(actionName)); expected accept, reject or next")
        }
        var command = FeedbackCommand(action: action)
        switch fields["recommendation"] {
        case nil, .null: break
        case .string(let id) where !id.isEmpty: command.recommendationID = id
        case .string: throw FeedbackPayloadError("\"recommendation\" is empty")
        case let other?: throw FeedbackPayloadError("\"recommendation\" must be a string, got \(other.kind)")
        }
        switch fields["outfit"] {
        case nil, .null: break
        case .integer(let index) where index >= 0: command.outfit = index
        case .integer(let index): throw FeedbackPayloadError("\"outfit\" is \(index); it counts from 0")
        case let other?: throw FeedbackPayloadError("\"outfit\" must be a whole number, got \(other.kind)")
        }
        return command
    }

    /// Checks the command against the recommendation it should refer to and returns the outfit index it means;
    /// `shown` is the outfit currently shown (used when the payload named none).
    public func outfitIndex(in recommendation: Recommendation, shown: Int = 0) throws(FeedbackPayloadError) -> Int {
        if let recommendationID, recommendationID != recommendation.id {
            throw FeedbackPayloadError(
                "recommendation \(Self.quoted(recommendationID)) is not the current one (\(Self.quoted(recommendation.id)))"
            )
        }
        let index = outfit ?? shown
        guard index < recommendation.outfits.count else {
            throw FeedbackPayloadError(
                "outfit \(index) does not exist (recommendation \(recommendation.id) has \(recommendation.outfits.count))"
            )
        }
        return index
    }

    private static func quoted(_ text: String) -> String {
        let short = text.count > 60 ? String(text.prefix(60)) + "…" : text
        return "\"\(short)\""
    }
}

/// One value of a flat JSON object, decoded strictly (a boolean is not a number, 1.5 is not an index).
enum JSONScalar: Decodable, Sendable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    /// The JSON type's name, for error messages.
    var kind: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .integer(let value): "the number \(value)"
        case .number(let value): "the number \(value)"
        case .string(let value): "the string \"\(value)\""
        }
    }
}
