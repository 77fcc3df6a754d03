import Glibc
import Inventory

/// The wall clock and the local calendar (the TZ environment variable, else /etc/localtime).
public enum LocalClock {
    /// Now, to the second.
    public static func now() -> Timestamp {
        Timestamp(secondsSince1970: Int64(time(nil)))
    }

    /// Today's local calendar date.
    public static func today() -> CalendarDate {
        localDate(of: now())
    }

    /// The local calendar date of `instant`.
    public static func localDate(of instant: Timestamp) -> CalendarDate {
        var seconds = time_t(instant.secondsSince1970)
        var parts = tm()
        tzset()  // localtime_r, unlike localtime, need not read TZ itself
        localtime_r(&seconds, &parts)
        return CalendarDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))
            ?? instant.utcDate
    }
}
