import Foundation

/// The outdoor temperature from an MQTT payload: a bare number (`6.5`), or JSON with a `temperature` field
/// (`{"temperature": 6.5}`), or a Home Assistant state object (`{"state": "6.5"}`). The same JSON may say whether
/// it rains: `"rain": true`, or a weather `condition` such as `rainy`, `pouring` or `lightning-rainy`.
public enum TemperatureReading {
    /// Whether the payload says it rains; nil when it does not say.
    public static func rain(_ payload: [UInt8]) -> Bool? {
        guard let body = try? JSONDecoder().decode(RainBody.self, from: Data(payload)) else { return nil }
        if let rain = body.rain { return rain }
        guard let condition = body.condition?.lowercased() else { return nil }
        return ["rain", "pouring", "shower", "drizzle"].contains { condition.contains($0) }
    }

    private struct RainBody: Decodable {
        var rain: Bool?
        var condition: String?
    }

    /// The temperature in °C, or why the payload is not one.
    public static func parse(_ payload: [UInt8]) -> Result<Double, PayloadError> {
        let text = String(decoding: payload, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if let value = Double(text) { return check(value, text) }
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(payload)) else {
            return .failure(PayloadError(reason: "neither a number nor a JSON object", payload: text))
        }
        guard let value = body.temperature?.value ?? body.state?.value else {
            return .failure(PayloadError(reason: "no numeric 'temperature' or 'state' field", payload: text))
        }
        return check(value, text)
    }

    private struct Body: Decodable {
        var temperature: Number?
        var state: Number?
    }

    /// A JSON number, or a string holding one (Home Assistant states are strings); anything else is nil.
    private struct Number: Decodable {
        var value: Double?
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
            } else if let text = try? container.decode(String.self) {
                value = Double(text)
            } else {
                value = nil
            }
        }
    }

    private static func check(_ value: Double, _ text: String) -> Result<Double, PayloadError> {
        guard value.isFinite, (-80...70).contains(value) else {
            return .failure(PayloadError(reason: "not a plausible outdoor temperature in °C", payload: text))
        }
        return .success(value)
    }

    /// A payload that is not a temperature (logged and ignored).
    public struct PayloadError: Error, Equatable, CustomStringConvertible {
        public var reason: String
        public var payload: String
        public var description: String { "\(reason): '\(payload.prefix(80))'" }
    }
}
