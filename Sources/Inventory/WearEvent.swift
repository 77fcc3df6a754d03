/// One entry of the wear log: the items worn together on a date.
public struct WearEvent: Equatable, Sendable {
    /// The local calendar date of the wear.
    public var date: CalendarDate
    /// The items worn, each at most once.
    public var items: [ItemID]
    /// The recommended outfit this wear followed, when it did.
    public var outfit: String?
    public var source: WearSource

    /// An entry of the wear log.
    public init(date: CalendarDate, items: [ItemID], outfit: String? = nil, source: WearSource) {
        self.date = date
        self.items = items
        self.outfit = outfit
        self.source = source
    }
}
