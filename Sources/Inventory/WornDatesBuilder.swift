/// Restores a snapshot's wear log, building each item's `wornDates` once at the end instead of inserting
/// date by date: inserting means a cache miss per item per wear, which was a third of loading a large store.
///
/// Same result as applying the wears one by one, which it falls back to (`exact`) when it cannot be sure:
/// `finish` returns false if an item shows up twice on one date across entries (the one-by-one path drops
/// the later one; a snapshot closetd wrote never has that), and the caller restores again exactly.
struct WornDatesBuilder {
    /// Apply wears one by one (the reference behaviour).
    let exact: Bool
    private var slotOf: [ItemID: Int32] = [:]
    private var slotItems: [ItemID] = []
    private var slots: [Int32] = []
    private var days: [Int32] = []

    init(exact: Bool) { self.exact = exact }

    mutating func restoreItem(_ item: ClosetItem, into state: inout InventoryState) {
        state.restoreItem(item)
        if !exact, slotOf[item.id] == nil {
            slotOf[item.id] = Int32(slotItems.count)
            slotItems.append(item.id)
        }
    }

    /// Adds a wear entry; returns how many of its items are unknown.
    mutating func restoreWear(_ wear: WearEvent, into state: inout InventoryState) -> Int {
        if exact { return state.applyWear(wear, updateLaundry: false) }
        var kept: [ItemID]?
        var unknown = 0
        for (position, raw) in wear.items.enumerated() {
            var id = raw
            var slot = slotOf[raw]
            if slot == nil, let resolved = state.resolve(raw) {
                id = resolved
                slot = slotOf[resolved]
            }
            let duplicate = kept.map { $0.contains(id) } ?? wear.items[..<position].contains(id)
            guard let slot, !duplicate else {
                if slot == nil { unknown += 1 }
                if kept == nil { kept = Array(wear.items[..<position]) }
                continue
            }
            if id != raw, kept == nil { kept = Array(wear.items[..<position]) }
            kept?.append(id)
            slots.append(slot)
            days.append(wear.date.dayNumber)
        }
        if let kept {
            guard !kept.isEmpty else { return unknown }
            var logged = wear
            logged.items = kept
            state.appendRestoredWear(logged)
        } else if !wear.items.isEmpty {
            state.appendRestoredWear(wear)
        }
        return unknown
    }

    /// Sets every item's worn dates; false when an item was worn twice on one date (restore exactly instead).
    func finish(into state: inout InventoryState) -> Bool {
        if exact { return true }
        // Counting sort of (item, day) by item, keeping log order within an item.
        var starts = [Int](repeating: 0, count: slotItems.count + 1)
        for slot in slots { starts[Int(slot) + 1] += 1 }
        for index in 0..<slotItems.count { starts[index + 1] += starts[index] }
        var cursor = starts
        var grouped = [Int32](repeating: 0, count: days.count)
        for (slot, day) in zip(slots, days) {
            grouped[cursor[Int(slot)]] = day
            cursor[Int(slot)] += 1
        }
        for (slot, id) in slotItems.enumerated() {
            let range = starts[slot]..<starts[slot + 1]
            var dates = grouped[range].map { CalendarDate(dayNumber: $0) }
            var ascending = true
            for index in dates.indices.dropFirst() where dates[index - 1] >= dates[index] {
                ascending = false
                break
            }
            if !ascending {
                dates.sort()
                for index in dates.indices.dropFirst() where dates[index - 1] == dates[index] { return false }
            }
            state.setRestoredWornDates(dates, of: id)
        }
        return true
    }
}
