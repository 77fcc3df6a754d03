import Foundation

/// The day the recommendation is for and what the weather will be.
///
/// Wiring: the daemon fills `temperatureCelsius` from the configured MQTT topic (`recommend.temperature_topic`) or
/// `recommend.temperature_celsius`; without either it stays nil and the season of `date` decides.
public struct Weather: Sendable, Equatable {
    /// The moment of the recommendation (its local day names the recommendation and drives rotation).
    public var date: Date
    /// The person's time zone: decides the local day and the month's season.
    public var timeZone: TimeZone
    /// The outdoor temperature, °C, when known.
    public var temperatureCelsius: Double?
    /// Whether rain is expected.
    public var isRaining: Bool
    /// Flips the seasons.
    public var southernHemisphere: Bool

    public init(
        date: Date, timeZone: TimeZone = .current, temperatureCelsius: Double? = nil, isRaining: Bool = false,
        southernHemisphere: Bool = false
    ) {
        self.date = date
        self.timeZone = timeZone
        self.temperatureCelsius = temperatureCelsius
        self.isRaining = isRaining
        self.southernHemisphere = southernHemisphere
    }

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// The season of the local date.
    public var season: Season {
        Season(month: calendar.component(.month, from: date), southernHemisphere: southernHemisphere)
    }

    /// The temperature the outfit is chosen for: the measured one, else the season's typical one.
    public var effectiveTemperatureCelsius: Double {
        temperatureCelsius ?? season.typicalTemperatureCelsius
    }

    /// The local day as `YYYY-MM-DD`.
    public var localDay: String {
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year ?? 0, 4))-\(pad(parts.month ?? 0, 2))-\(pad(parts.day ?? 0, 2))"
    }

    /// Whole local days from `earlier` to this weather's date (0 when the same day, negative if later).
    ///
    /// Counts local calendar days through the time zone's offset at each moment (no Calendar arithmetic: this runs
    /// for every item every morning).
    public func daysSince(_ earlier: Date) -> Int {
        localDayNumber(date) - localDayNumber(earlier)
    }

    /// Days since 1970-01-01 of the local calendar date of `moment`.
    func localDayNumber(_ moment: Date) -> Int {
        let seconds = moment.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: moment))
        return Int((seconds / 86_400).rounded(.down))
    }
}
