/// The whole inventory in memory: items, the wear log and the feedback log, as of sequence number `lastSequence`.
///
/// A value type: callers get a consistent copy. Changes go through `check` (which throws and changes nothing)
/// and `apply`; the store writes a change's record between the two, so memory and disk never disagree.
public struct InventoryState: Sendable {
    /// Every item, archived ones included.
    public private(set) var items: [ItemID: ClosetItem] = [:]
    /// Ids merged away, and the item each now means.
    public private(set) var aliases: [ItemID: ItemID] = [:]
    /// The wear log, in the order it was written.
    public private(set) var wearLog: [WearEvent] = []
    /// The feedback log, in the order it was written.
    public private(set) var feedbackLog: [FeedbackEvent] = []
    /// The sequence number of the last record applied.
    public internal(set) var lastSequence: UInt64 = 0
    /// The number the next new item gets; ids are never reused, even after a delete.
    public internal(set) var nextItemNumber: UInt32 = 1

    /// An empty inventory.
    public init() {}

    /// The id `id` now stands for (following merges), or nil when there is no such item.
    public func resolve(_ id: ItemID) -> ItemID? {
        var current = id
        var hops = 0
        // index(forKey:) rather than items[current]: it does not copy the item out.
        while items.index(forKey: current) == nil {
            guard let next = aliases[current], hops < 64 else { return nil }
            current = next
            hops += 1
        }
        return current
    }

    /// The item `id` stands for, or nil.
    public func item(_ id: ItemID) -> ClosetItem? {
        guard let resolved = resolve(id) else { return nil }
        return items[resolved]
    }

    /// Records that the changes up to `sequence` are applied (the store does this after writing them).
    public mutating func advanceSequence(to sequence: UInt64) {
        precondition(sequence >= lastSequence, "sequence numbers only grow")
        lastSequence = sequence
    }

    /// The id a new item gets.
    public var nextItemID: ItemID { ItemID(number: nextItemNumber) }

    /// Throws when `change` cannot be applied; changes nothing.
    public func check(_ change: InventoryChange) throws(InventoryError) {
        switch change {
        case .putItem(let item):
            if items[item.id] == nil, let target = aliases[item.id] {
                throw .invalidValue(field: "id", reason: "\(item.id) was merged into \(target)")
            }
            try Self.checkFields(item)
        case .deleteItem(let id):
            _ = try existing(id)
        case .mergeItems(let into, let from):
            let target = try existing(into)
            let source = try existing(from)
            if target == source { throw .mergeWithItself(target) }
        case .wear(let wear):
            if wear.items.isEmpty { throw .noItems }
            for id in wear.items { _ = try existing(id) }
            if let outfit = wear.outfit, outfit.isEmpty {
                throw .invalidValue(field: "outfit", reason: "empty outfit id")
            }
        case .laundry(let ids, _):
            if ids.isEmpty { throw .noItems }
            for id in ids { _ = try existing(id) }
        case .seen(let id, _):
            _ = try existing(id)
        case .feedback(let feedback):
            if feedback.recommendation.isEmpty {
                throw .invalidValue(field: "recommendation", reason: "empty recommendation id")
            }
        }
    }

    /// Checks and applies `change`; on a throw nothing changed.
    public mutating func apply(_ change: InventoryChange) throws(InventoryError) {
        try check(change)
        switch change {
        case .putItem(var item):
            item.wornDates = items[item.id]?.wornDates ?? []
            items[item.id] = item
            nextItemNumber = max(nextItemNumber, item.id.number + 1)
        case .deleteItem(let id):
            deleteItem(resolve(id)!)
        case .mergeItems(let into, let from):
            mergeItems(into: resolve(into)!, from: resolve(from)!)
        case .wear(let wear):
            applyWear(wear, updateLaundry: true)
        case .laundry(let ids, let state):
            for id in ids { items[resolve(id)!]!.laundry = state }
        case .seen(let id, let time):
            let resolved = resolve(id)!
            if let lastSeen = items[resolved]!.lastSeen, lastSeen >= time { break }
            items[resolved]!.lastSeen = time
        case .feedback(var feedback):
            feedback.outfit = feedback.outfit.map { resolve($0) ?? $0 }
            feedbackLog.append(feedback)
        }
    }

    private func existing(_ id: ItemID) throws(InventoryError) -> ItemID {
        guard let resolved = resolve(id) else { throw .unknownItem(id) }
        return resolved
    }

    /// The item's own fields are in range; the same rules apply to the CLI, the daemon and import.
    public static func checkFields(_ item: ClosetItem) throws(InventoryError) {
        guard item.warmth.isFinite, (0...10).contains(item.warmth) else {
            throw .invalidValue(field: "warmth", reason: "\(item.warmth) is not between 0 and 10 clo")
        }
        if let price = item.price, !price.isFinite || price < 0 || price > 1e9 {
            throw .invalidValue(field: "price", reason: "\(price) is not an amount between 0 and 1e9")
        }
        if item.id.number > ItemID.largestNumber {
            throw .invalidValue(field: "id", reason: "\(item.id) is beyond i-\(ItemID.largestNumber)")
        }
        if let name = item.name, name.isEmpty || name.utf8.count > 200 {
            throw .invalidValue(field: "name", reason: "must be 1 to 200 bytes")
        }
        if let notes = item.notes, notes.utf8.count > 4000 {
            throw .invalidValue(field: "notes", reason: "longer than 4000 bytes")
        }
        if let thumbnail = item.thumbnail, thumbnail.isEmpty || thumbnail.hasPrefix(".") || thumbnail.contains("/") {
            throw .invalidValue(field: "thumbnail", reason: "\"\(thumbnail)\" is not a plain file name")
        }
        if item.embeddings.count > ClosetItem.maximumEmbeddings {
            throw .invalidValue(field: "embeddings", reason: "more than \(ClosetItem.maximumEmbeddings)")
        }
        if let first = item.embeddings.first {
            for vector in item.embeddings where vector.count != first.count || vector.contains(where: { !$0.isFinite })
            {
                throw .invalidValue(field: "embeddings", reason: "vectors differ in length or hold non-finite values")
            }
        }
        if let model = item.embeddingModel, model.isEmpty || model.utf8.count > 128 {
            throw .invalidValue(field: "embedding_model", reason: "must be 1 to 128 bytes")
        }
    }

    /// Adds a wear: items already worn on that date (or twice in the event) are left out; an event left empty is
    /// not logged. `updateLaundry` moves clean items to worn (not when restoring a snapshot, which has the
    /// laundry state already).
    /// Returns how many of its items are unknown (always 0 after `check`).
    @discardableResult
    mutating func applyWear(_ wear: WearEvent, updateLaundry: Bool) -> Int {
        // Built only when an item is left out or renamed; usually the event is logged as it came.
        var kept: [ItemID]?
        var unknown = 0
        for (position, raw) in wear.items.enumerated() {
            var index = items.index(forKey: raw)
            var id = raw
            if index == nil, let resolved = resolve(raw) {
                id = resolved
                index = items.index(forKey: resolved)
            }
            // Through the index, the item is changed in place instead of copied out and back.
            // While `kept` is nil, every earlier item was kept as it came: the prefix is what was kept.
            let duplicate = kept.map { $0.contains(id) } ?? wear.items[..<position].contains(id)
            guard let index, !duplicate, Self.insert(wear.date, into: &items.values[index].wornDates)
            else {
                if index == nil { unknown += 1 }
                if kept == nil { kept = Array(wear.items[..<position]) }
                continue
            }
            if id != raw, kept == nil { kept = Array(wear.items[..<position]) }
            kept?.append(id)
            if updateLaundry, items.values[index].laundry == .clean { items.values[index].laundry = .worn }
        }
        guard let kept else {
            if !wear.items.isEmpty { wearLog.append(wear) }
            return unknown
        }
        guard !kept.isEmpty else { return unknown }
        var logged = wear
        logged.items = kept
        wearLog.append(logged)
        return unknown
    }

    /// Inserts `date` into ascending `dates`; false when it is already there.
    static func insert(_ date: CalendarDate, into dates: inout [CalendarDate]) -> Bool {
        if let last = dates.last {
            if last < date {
                dates.append(date)
                return true
            }
            if last == date { return false }
        } else {
            dates.append(date)
            return true
        }
        var low = 0
        var high = dates.count
        while low < high {
            let middle = (low + high) / 2
            if dates[middle] < date { low = middle + 1 } else { high = middle }
        }
        if low < dates.count, dates[low] == date { return false }
        dates.insert(date, at: low)
        return true
    }

    private mutating func deleteItem(_ id: ItemID) {
        items[id] = nil
        aliases = aliases.filter { $0.value != id }
        wearLog = wearLog.compactMap { wear in
            guard wear.items.contains(id) else { return wear }
            var kept = wear
            kept.items.removeAll { $0 == id }
            return kept.items.isEmpty ? nil : kept
        }
    }

    private mutating func mergeItems(into target: ItemID, from source: ItemID) {
        var merged = items[target]!
        let absorbed = items.removeValue(forKey: source)!
        let targetDates = Set(merged.wornDates)
        for date in absorbed.wornDates { _ = Self.insert(date, into: &merged.wornDates) }
        merged.firstSeen = min(merged.firstSeen, absorbed.firstSeen)
        if let seen = absorbed.lastSeen { merged.lastSeen = max(merged.lastSeen ?? seen, seen) }
        // Embeddings of one model's space combine; of two models', the target's stay (the other's cannot be compared
        // with them).
        if merged.embeddings.isEmpty || (merged.embeddingModel == absorbed.embeddingModel
            && merged.embeddings.first?.count == absorbed.embeddings.first?.count)
        {
            if merged.embeddings.isEmpty { merged.embeddingModel = absorbed.embeddingModel }
            merged.embeddings = Array((merged.embeddings + absorbed.embeddings).suffix(ClosetItem.maximumEmbeddings))
        }
        merged.measuredColour = merged.measuredColour ?? absorbed.measuredColour
        merged.thumbnail = merged.thumbnail ?? absorbed.thumbnail
        merged.name = merged.name ?? absorbed.name
        merged.notes = merged.notes ?? absorbed.notes
        merged.price = merged.price ?? absorbed.price
        let order: [LaundryState] = [.clean, .worn, .dirty]
        if order.firstIndex(of: absorbed.laundry)! > order.firstIndex(of: merged.laundry)! {
            merged.laundry = absorbed.laundry
        }
        items[target] = merged
        wearLog = wearLog.compactMap { wear in
            guard wear.items.contains(source) else { return wear }
            var rewritten = wear
            if rewritten.items.contains(target) || targetDates.contains(wear.date) {
                rewritten.items.removeAll { $0 == source }
            } else {
                rewritten.items = rewritten.items.map { $0 == source ? target : $0 }
            }
            return rewritten.items.isEmpty ? nil : rewritten
        }
        for index in feedbackLog.indices where feedbackLog[index].outfit.contains(source) {
            var outfit: [ItemID] = []
            for id in feedbackLog[index].outfit {
                let mapped = id == source ? target : id
                if !outfit.contains(mapped) { outfit.append(mapped) }
            }
            feedbackLog[index].outfit = outfit
        }
        for (alias, current) in aliases where current == source { aliases[alias] = target }
        aliases[source] = target
    }

    /// Restores an item from a snapshot line.
    mutating func restoreItem(_ item: ClosetItem) {
        var restored = item
        restored.wornDates = items[item.id]?.wornDates ?? []
        items[item.id] = restored
        nextItemNumber = max(nextItemNumber, item.id.number + 1)
    }

    /// Appends a wear entry restored from a snapshot, as it is (see `WornDatesBuilder`).
    mutating func appendRestoredWear(_ wear: WearEvent) {
        wearLog.append(wear)
    }

    /// Sets an item's worn dates, restored from a snapshot (see `WornDatesBuilder`).
    mutating func setRestoredWornDates(_ dates: [CalendarDate], of id: ItemID) {
        items[id]?.wornDates = dates
    }

    /// Restores an alias from a snapshot line.
    mutating func restoreAlias(from alias: ItemID, to target: ItemID) {
        aliases[alias] = target
    }

    /// Restores a feedback entry from a snapshot line.
    mutating func restoreFeedback(_ feedback: FeedbackEvent) {
        feedbackLog.append(feedback)
    }
}
