import Foundation

/// The season of a date, used for the weather when no temperature is known.
public enum Season: String, Codable, Sendable {
    case winter, spring, summer, autumn

    /// The season of a month (1...12) in the given hemisphere (meteorological seasons).
    public init(month: Int, southernHemisphere: Bool = false) {
        let northern: Season =
            switch month {
            case 12, 1, 2: .winter
            case 3, 4, 5: .spring
            case 6, 7, 8: .summer
            default: .autumn
            }
        if !southernHemisphere {
            self = northern
        } else {
            self =
                switch northern {
                case .winter: .summer
                case .summer: .winter
                case .spring: .autumn
                case .autumn: .spring
                }
        }
    }

    /// A typical daytime temperature of the season in a temperate climate, °C.
    public var typicalTemperatureCelsius: Double {
        switch self {
        case .winter: 3
        case .spring: 13
        case .summer: 23
        case .autumn: 12
        }
    }
}
