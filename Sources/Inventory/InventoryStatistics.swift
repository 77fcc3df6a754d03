/// What `closetd stats` shows: which clothes are worn, which are not, what each wear costs, and a month of wears.
public struct InventoryStatistics: Sendable {
    /// Non-archived items.
    public var itemCount: Int
    /// The most worn items, most first.
    public var mostWorn: [ClosetItem]
    /// The least worn items, least first (ties: the one worn longest ago first).
    public var leastWorn: [ClosetItem]
    /// The window for `notWornRecently`, in days ending today.
    public var windowDays: Int
    /// Items not worn in the last `windowDays` days, longest-unworn first.
    public var notWornRecently: [ClosetItem]
    /// How many items were worn in the last `windowDays` days.
    public var wornRecentlyCount: Int
    /// Items with a price, dearest wear first.
    public var costPerWear: [ClosetItem]
    /// Sum of prices, and of wears of priced items.
    public var totalPrice: Double
    public var totalPricedWears: Int
    /// The month shown, and how many items were worn on each of its days (index 0 = the 1st).
    public var month: (year: Int, month: Int)
    public var itemsWornPerDay: [Int]

    /// Statistics of `state` as of `today`.
    public init(state: InventoryState, today: CalendarDate, windowDays: Int, month: (year: Int, month: Int), top: Int) {
        let active = state.sortedItems(includeArchived: false)
        itemCount = active.count
        mostWorn = Array(
            active.filter { $0.wearCount > 0 }.sorted { ($1.wearCount, $0.id) < ($0.wearCount, $1.id) }.prefix(top))
        leastWorn = Array(
            active.sorted { lhs, rhs in
                if lhs.wearCount != rhs.wearCount { return lhs.wearCount < rhs.wearCount }
                let left = lhs.lastWorn?.dayNumber ?? Int32.min
                let right = rhs.lastWorn?.dayNumber ?? Int32.min
                return left != right ? left < right : lhs.id < rhs.id
            }.prefix(top))
        self.windowDays = windowDays
        let windowStart = today.adding(days: -(windowDays - 1))
        notWornRecently = active.filter { ($0.lastWorn ?? CalendarDate(dayNumber: Int32.min)) < windowStart }
            .sorted { ($0.lastWorn?.dayNumber ?? Int32.min, $0.id) < ($1.lastWorn?.dayNumber ?? Int32.min, $1.id) }
        wornRecentlyCount = active.count - notWornRecently.count
        let priced = active.filter { $0.price != nil }
        costPerWear = priced.sorted { ($1.costPerWear!, $0.id) < ($0.costPerWear!, $1.id) }
        totalPrice = priced.reduce(0) { $0 + $1.price! }
        totalPricedWears = priced.reduce(0) { $0 + $1.wearCount }
        self.month = month
        var perDay = [Int](repeating: 0, count: CalendarDate.daysInMonth(year: month.year, month: month.month))
        if let first = CalendarDate(year: month.year, month: month.month, day: 1) {
            let last = first.adding(days: perDay.count - 1)
            for wear in state.wearLog where wear.date >= first && wear.date <= last {
                perDay[wear.date.days(since: first)] += wear.items.count
            }
        }
        itemsWornPerDay = perDay
    }

    /// Share of the closet worn in the window, 0…1.
    public var wornRecentlyShare: Double { itemCount == 0 ? 0 : Double(wornRecentlyCount) / Double(itemCount) }
}
