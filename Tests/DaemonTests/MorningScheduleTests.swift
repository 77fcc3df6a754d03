import Foundation
import Testing

@testable import Daemon

@Suite struct MorningScheduleTests {
    let berlin = TimeZone(identifier: "Europe/Berlin")!

    func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test func laterTodayOrTomorrow() {
        let schedule = MorningSchedule(minuteOfDay: 6 * 60 + 30, timeZone: berlin)
        // 05:00 local (04:00Z in winter) → 06:30 local today.
        #expect(schedule.nextDue(after: date("2026-11-23T04:00:00Z")) == date("2026-11-23T05:30:00Z"))
        // Exactly at the due time → tomorrow (strictly after).
        #expect(schedule.nextDue(after: date("2026-11-23T05:30:00Z")) == date("2026-11-24T05:30:00Z"))
    }

    @Test func acrossDaylightSavingChanges() {
        let schedule = MorningSchedule(minuteOfDay: 6 * 60 + 30, timeZone: berlin)
        // Summer time begins 2026-03-29: 06:30 local is 04:30Z that day.
        #expect(schedule.nextDue(after: date("2026-03-28T12:00:00Z")) == date("2026-03-29T04:30:00Z"))
        // 02:30 does not exist on 2026-03-29 in Berlin: due at the end of the gap, 03:00 local (01:00Z).
        let gap = MorningSchedule(minuteOfDay: 2 * 60 + 30, timeZone: berlin)
        let due = gap.nextDue(after: date("2026-03-28T12:00:00Z"))
        #expect(due > date("2026-03-29T00:59:59Z") && due <= date("2026-03-29T01:30:00Z"), "\(due)")
        // 02:30 happens twice on 2026-10-25: the first one (00:30Z).
        #expect(gap.nextDue(after: date("2026-10-24T12:00:00Z")) == date("2026-10-25T00:30:00Z"))
    }

    @Test func localDate() {
        let schedule = MorningSchedule(minuteOfDay: 0, timeZone: berlin)
        #expect(schedule.localDate(of: date("2026-11-23T23:30:00Z")) == "2026-11-24")
    }

    @Test(arguments: [("6.5", 6.5), ("-3", -3.0), ("{\"temperature\": 12.25}", 12.25), ("{\"state\": \"4.0\"}", 4.0)])
    func temperaturePayloads(payload: String, expected: Double) throws {
        #expect(try TemperatureReading.parse(Array(payload.utf8)).get() == expected)
    }

    @Test(arguments: ["", "warm", "{\"temperature\": \"hot\"}", "{\"t\": 3}", "[1,2]", "900", "{\"state\": true}"])
    func malformedTemperaturePayloads(payload: String) {
        if case .success(let value) = TemperatureReading.parse(Array(payload.utf8)) {
            Issue.record("accepted '\(payload)' as \(value)")
        }
    }

    @Test(arguments: [
        ("{\"temperature\": 9, \"condition\": \"rainy\"}", true), ("{\"state\": \"9\", \"condition\": \"lightning-rainy\"}", true),
        ("{\"temperature\": 9, \"condition\": \"sunny\"}", false), ("{\"rain\": true}", true), ("{\"temperature\": 9}", nil),
        ("9", nil),
    ] as [(String, Bool?)])
    func rainFromWeatherPayloads(payload: String, expected: Bool?) {
        #expect(TemperatureReading.rain(Array(payload.utf8)) == expected)
    }
}
