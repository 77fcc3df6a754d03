import Foundation

/// When the morning recommendation is due: a local time of day in a time zone, across DST changes.
public struct MorningSchedule: Sendable, Equatable {
    /// Minutes after local midnight.
    public var minuteOfDay: Int
    public var timeZone: TimeZone

    public init(minuteOfDay: Int, timeZone: TimeZone) {
        precondition((0..<1440).contains(minuteOfDay), "minute of day out of range")
        self.minuteOfDay = minuteOfDay
        self.timeZone = timeZone
    }

    /// From the validated configuration (`recommend.time`, `recommend.time_zone`).
    public init(config: Config.Recommend) {
        let minutes = Config.parseTimeOfDay(config.time) ?? 390
        let zone = config.timeZone == "local" ? TimeZone.current : (TimeZone(identifier: config.timeZone) ?? .current)
        self.init(minuteOfDay: minutes, timeZone: zone)
    }

    /// The first due time strictly after `date`. On a day when the local time does not exist (clocks spring
    /// forward over it) it is due at the first moment after the gap; when it exists twice, at the first.
    public func nextDue(after date: Date) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let wanted = DateComponents(hour: minuteOfDay / 60, minute: minuteOfDay % 60, second: 0)
        return calendar.nextDate(after: date, matching: wanted, matchingPolicy: .nextTime, repeatedTimePolicy: .first,
            direction: .forward) ?? date.addingTimeInterval(86_400)
    }

    /// The local calendar date (`YYYY-MM-DD`) of `date` in this schedule's time zone.
    public func localDate(of date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
