/// What perception, the recommender and the CLI ask of the inventory.
extension InventoryState {
    /// Items in id order; archived ones only when asked.
    public func sortedItems(includeArchived: Bool = true) -> [ClosetItem] {
        items.values.filter { includeArchived || !$0.archived }.sorted { $0.id < $1.id }
    }

    /// What the recommender may choose from: non-archived items that are clean (and worn ones when
    /// `includeWorn`), optionally of one category, in id order.
    ///
    /// Each item carries what scoring needs: `category`, `colour`, `measuredColour`, `pattern`, `warmth`,
    /// `embeddings`, `lastWorn` and `wearCount`.
    public func candidates(category: GarmentCategory? = nil, includeWorn: Bool = false) -> [ClosetItem] {
        items.values.filter { item in
            !item.archived && (category == nil || item.category == category)
                && (item.laundry == .clean || (includeWorn && item.laundry == .worn))
        }.sorted { $0.id < $1.id }
    }

    /// The wear log between two dates (inclusive; open-ended when nil), optionally only wears of `item`,
    /// ordered by date and then by the order they were logged.
    public func wears(from: CalendarDate? = nil, to: CalendarDate? = nil, item: ItemID? = nil) -> [WearEvent] {
        let target = item.flatMap { resolve($0) } ?? item
        let selected = wearLog.enumerated().filter { _, wear in
            (from.map { wear.date >= $0 } ?? true) && (to.map { wear.date <= $0 } ?? true)
                && (target.map { wear.items.contains($0) } ?? true)
        }
        return selected.sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
    }

    /// Whether `id` is logged as worn on `date`.
    public func isWorn(_ id: ItemID, on date: CalendarDate) -> Bool {
        guard let item = item(id) else { return false }
        var low = 0
        var high = item.wornDates.count
        while low < high {
            let middle = (low + high) / 2
            if item.wornDates[middle] < date { low = middle + 1 } else { high = middle }
        }
        return low < item.wornDates.count && item.wornDates[low] == date
    }

    /// The feedback log, oldest first.
    public var feedback: [FeedbackEvent] { feedbackLog }
}
