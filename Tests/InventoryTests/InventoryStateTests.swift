import Testing

@testable import Inventory

@Suite("Inventory state: changes, wears, merges, snapshots, CSV, statistics")
struct InventoryStateTests {
    let t0 = Timestamp("2026-01-01T08:00:00Z")!

    func date(_ text: String) -> CalendarDate { CalendarDate(text)! }

    func item(_ number: UInt32, _ category: GarmentCategory = .jeans, _ colour: ColourName = .blue) -> ClosetItem {
        ClosetItem(id: ItemID(number: number), category: category, colour: colour, firstSeen: t0)
    }

    @Test func aWearIsIdempotentPerItemAndDateAndDirtiesCleanItems() throws {
        var state = InventoryState()
        try state.apply(.putItem(item(1)))
        try state.apply(.putItem(item(2, .tshirts, .white)))
        try state.apply(
            .wear(WearEvent(date: date("2026-11-20"), items: [ItemID(number: 1), ItemID(number: 1)], source: .manual)))
        try state.apply(
            .wear(WearEvent(date: date("2026-11-20"), items: [ItemID(number: 1), ItemID(number: 2)], source: .camera)))
        try state.apply(.wear(WearEvent(date: date("2026-11-20"), items: [ItemID(number: 2)], source: .camera)))
        try state.apply(.wear(WearEvent(date: date("2026-11-18"), items: [ItemID(number: 1)], source: .ingest)))
        #expect(state.wearLog.count == 3)
        #expect(state.wearLog[1].items == [ItemID(number: 2)])
        #expect(state.items[ItemID(number: 1)]!.wearCount == 2)
        #expect(state.items[ItemID(number: 1)]!.lastWorn == date("2026-11-20"))
        #expect(state.items[ItemID(number: 1)]!.wornDates == [date("2026-11-18"), date("2026-11-20")])
        #expect(state.items[ItemID(number: 1)]!.laundry == .worn)
        #expect(state.candidates().isEmpty)
        #expect(state.candidates(includeWorn: true).count == 2)
        #expect(state.wears(from: date("2026-11-19")).count == 2)
        #expect(state.wears().first?.date == date("2026-11-18"))
    }

    @Test func refusedChangesChangeNothing() {
        var state = InventoryState()
        #expect(throws: InventoryError.unknownItem(ItemID(number: 9))) {
            try state.apply(.wear(WearEvent(date: date("2026-11-20"), items: [ItemID(number: 9)], source: .manual)))
        }
        var hot = item(1)
        hot.warmth = 11
        #expect(throws: InventoryError.self) { try state.apply(.putItem(hot)) }
        var free = item(1)
        free.price = -1
        #expect(throws: InventoryError.self) { try state.apply(.putItem(free)) }
        #expect(state.items.isEmpty && state.wearLog.isEmpty)
    }

    @Test func mergeCombinesHistoriesAndEmbeddingsAndLeavesAnAlias() throws {
        var state = InventoryState()
        var a = item(1)
        a.embeddings = [[1, 0]]
        a.price = 50
        var b = item(2)
        b.embeddings = [[0, 1], [0.5, 0.5]]
        b.name = "favourite jeans"
        b.firstSeen = Timestamp("2025-06-01T00:00:00Z")!
        try state.apply(.putItem(a))
        try state.apply(.putItem(b))
        try state.apply(.putItem(item(3, .tshirts)))
        let one = ItemID(number: 1)
        let two = ItemID(number: 2)
        let three = ItemID(number: 3)
        try state.apply(.wear(WearEvent(date: date("2026-11-01"), items: [one], source: .camera)))
        try state.apply(.wear(WearEvent(date: date("2026-11-01"), items: [two, three], source: .camera)))
        try state.apply(.wear(WearEvent(date: date("2026-11-02"), items: [two], source: .camera)))
        try state.apply(.feedback(FeedbackEvent(recommendation: "r1", outfit: [one, two], action: .accept, time: t0)))
        try state.apply(.mergeItems(into: one, from: two))
        let merged = state.items[one]!
        #expect(state.items[two] == nil)
        #expect(merged.wornDates == [date("2026-11-01"), date("2026-11-02")])
        #expect(merged.embeddings == [[1, 0], [0, 1], [0.5, 0.5]])
        #expect(merged.name == "favourite jeans" && merged.price == 50)
        #expect(merged.firstSeen == Timestamp("2025-06-01T00:00:00Z")!)
        #expect(state.wearLog.map(\.items) == [[one], [three], [one]])
        #expect(state.feedbackLog[0].outfit == [one])
        #expect(state.item(two)?.id == one)
        #expect(throws: InventoryError.mergeWithItself(one)) { try state.check(.mergeItems(into: two, from: one)) }
        // A wear logged under the old id lands on the merged item.
        try state.apply(.wear(WearEvent(date: date("2026-11-03"), items: [two], source: .camera)))
        #expect(state.items[one]!.wearCount == 3)
    }

    @Test func deleteRemovesTheItemAndItsWearsButNeverReusesItsId() throws {
        var state = InventoryState()
        try state.apply(.putItem(item(1)))
        try state.apply(.putItem(item(2)))
        try state.apply(
            .wear(WearEvent(date: date("2026-11-01"), items: [ItemID(number: 1), ItemID(number: 2)], source: .manual)))
        try state.apply(.wear(WearEvent(date: date("2026-11-02"), items: [ItemID(number: 2)], source: .manual)))
        try state.apply(.deleteItem(ItemID(number: 2)))
        #expect(state.wearLog.map(\.items) == [[ItemID(number: 1)]])
        #expect(state.nextItemID == ItemID(number: 3))
    }

    @Test func aSnapshotRestoresTheSameState() throws {
        var state = InventoryState()
        var a = item(1)
        a.embeddings = [[0.25, -1]]
        a.measuredColour = MeasuredColour(hex: "#102030")
        a.name = "with \"quotes\", commas\nand lines"
        a.notes = "é"
        a.price = 12.5
        a.lastSeen = Timestamp("2026-11-20T07:00:00Z")
        try state.apply(.putItem(a))
        try state.apply(.putItem(item(2, .coats, .black)))
        try state.apply(.putItem(item(3, .coats, .black)))
        try state.apply(
            .wear(
                WearEvent(
                    date: date("2026-11-01"), items: [ItemID(number: 1), ItemID(number: 2)], outfit: "o-1",
                    source: .camera)))
        try state.apply(.laundry(items: [ItemID(number: 2)], state: .dirty))
        try state.apply(.mergeItems(into: ItemID(number: 2), from: ItemID(number: 3)))
        try state.apply(
            .feedback(FeedbackEvent(recommendation: "r", outfit: [ItemID(number: 1)], action: .next, time: t0)))
        state.advanceSequence(to: 7)
        let bytes = state.snapshotBytes(created: t0)
        let restored = try bytes.withUnsafeBufferPointer { try InventoryState.restore(snapshot: $0, file: "s") }
        #expect(restored.warnings.isEmpty)
        #expect(restored.header.through == 7)
        #expect(restored.state.items == state.items)
        #expect(restored.state.wearLog == state.wearLog)
        #expect(restored.state.feedbackLog == state.feedbackLog)
        #expect(restored.state.aliases == state.aliases)
        #expect(restored.state.nextItemNumber == state.nextItemNumber)
        #expect(restored.state.snapshotBytes(created: t0) == bytes)
    }

    @Test func embeddingsOfTwoModelsDoNotMixInAMergeAndTheModelRoundTrips() throws {
        var state = InventoryState()
        var a = item(1)
        a.embeddings = [[1, 0]]
        a.embeddingModel = "new"
        var b = item(2)
        b.embeddings = [[0, 1], [0.5, 0.5]]
        b.embeddingModel = "old"
        var c = item(3)
        c.embeddings = [[0.6, 0.8]]
        c.embeddingModel = "new"
        for one in [a, b, c] { try state.apply(.putItem(one)) }
        try state.apply(.mergeItems(into: a.id, from: b.id))
        #expect(state.items[a.id]!.embeddings == [[1, 0]] && state.items[a.id]!.embeddingModel == "new")
        try state.apply(.mergeItems(into: a.id, from: c.id))
        #expect(state.items[a.id]!.embeddings == [[1, 0], [0.6, 0.8]])
        // An item without embeddings takes the other's, with their model.
        var d = item(4)
        d.embeddingModel = "stale"
        var e = b
        e.id = ItemID(number: 7)
        try state.apply(.putItem(d))
        try state.apply(.putItem(e))
        try state.apply(.mergeItems(into: d.id, from: e.id))
        #expect(state.items[d.id]!.embeddings == b.embeddings && state.items[d.id]!.embeddingModel == "old")
        // The model is written with the item and read back; an empty name is refused.
        let decoded = try RecordCoding.decodeItem(RecordCoding.encode(state.items[a.id]!))
        #expect(decoded.embeddingModel == "new" && decoded.embeddings == [[1, 0], [0.6, 0.8]])
        #expect(try RecordCoding.decodeItem(RecordCoding.encode(item(5))).embeddingModel == nil)
        var empty = item(6)
        empty.embeddingModel = ""
        #expect(throws: InventoryError.self) { try state.apply(.putItem(empty)) }
    }

    @Test func replaySkipsWhatTheSnapshotHoldsAndReportsGapsAndRepeats() {
        var lines: [UInt8] = []
        for (sequence, number) in [(1, 1), (2, 2), (3, 3), (3, 4), (6, 6)] {
            let change = InventoryChange.putItem(item(UInt32(number)))
            lines += RecordLine.encode(sequence: UInt64(sequence), kind: change.kind, data: RecordCoding.encode(change))
        }
        let scan = lines.withUnsafeBufferPointer { JournalScan.scan($0) }
        var state = InventoryState()
        state.advanceSequence(to: 1)
        let warnings = state.replay(scan, schema: 1, through: 1, file: "j")
        #expect(state.items.keys.map(\.number).sorted() == [2, 3, 6])
        #expect(warnings.count == 2)
        #expect(warnings[0].line == 4 && warnings[0].message.contains("does not follow"))
        #expect(warnings[1].line == 5 && warnings[1].message.contains("4…5 are missing"))
    }

    @Test func csvRoundTripsAndNamesTheBadRow() throws {
        var a = item(1)
        a.name = "say \"hi\", twice"
        a.notes = "line1\nline2"
        a.price = 19.99
        a.measuredColour = MeasuredColour(hex: "#abcdef")
        let text = ItemCSV.encode([a, item(2, .skirts, .pink)])
        let rows = try ItemCSV.decode(text, now: t0)
        #expect(rows.count == 2)
        #expect(rows[0].item == a)
        #expect(rows[1].id == ItemID(number: 2) && rows[1].item.category == .skirts)
        let bad = "category,colour,price\njeans,blue,10\ncoats,mauve,1\n"
        #expect(throws: ItemCSV.Failure.self) { try ItemCSV.decode(bad, now: t0) }
        do {
            _ = try ItemCSV.decode(bad, now: t0)
        } catch {
            #expect(error.row == 3 && error.reason.contains("colour"))
        }
        #expect(throws: ItemCSV.Failure.self) { try ItemCSV.decode("colour\nblue\n", now: t0) }
        #expect(throws: ItemCSV.Failure.self) { try ItemCSV.decode("category,colour\n\"jeans,blue\n", now: t0) }
    }

    @Test func statisticsCountWearsWindowsAndCostPerWear() throws {
        var state = InventoryState()
        var a = item(1)
        a.price = 90
        try state.apply(.putItem(a))
        try state.apply(.putItem(item(2, .shirts)))
        try state.apply(.putItem(item(3, .coats)))
        for day in ["2026-11-01", "2026-11-02", "2026-11-03"] {
            try state.apply(.wear(WearEvent(date: date(day), items: [ItemID(number: 1)], source: .manual)))
        }
        try state.apply(.wear(WearEvent(date: date("2026-06-01"), items: [ItemID(number: 2)], source: .manual)))
        let stats = InventoryStatistics(
            state: state, today: date("2026-11-23"), windowDays: 30, month: (2026, 11), top: 2)
        #expect(stats.mostWorn.map(\.id.number) == [1, 2])
        #expect(stats.leastWorn.map(\.id.number) == [3, 2])
        #expect(stats.notWornRecently.map(\.id.number) == [3, 2])
        #expect(stats.wornRecentlyCount == 1)
        #expect(stats.costPerWear.first?.costPerWear == 30)
        #expect(stats.itemsWornPerDay.count == 30 && stats.itemsWornPerDay[0] == 1 && stats.itemsWornPerDay[3] == 0)
    }

    @Test func wornDatesBuiltAtTheEndMatchWearByWearEvenForOddSnapshots() throws {
        let t0 = Timestamp("2026-01-01T00:00:00Z")!
        func line(_ kind: String, _ data: JSONValue) -> [UInt8] {
            RecordLine.encode(sequence: nil, kind: kind, data: data)
        }
        func wear(_ date: String, _ items: [UInt32]) -> [UInt8] {
            line(
                "wear",
                RecordCoding.encode(
                    WearEvent(date: CalendarDate(date)!, items: items.map { ItemID(number: $0) }, source: .manual)))
        }
        let header = line("snapshot", SnapshotHeader(schema: 1, through: 3, nextItem: 4, created: t0).data)
        let items = [1, 2, 3].flatMap { number in
            line(
                "item",
                RecordCoding.encode(
                    ClosetItem(id: ItemID(number: UInt32(number)), category: .tops, colour: .red, firstSeen: t0)))
        }
        let alias = line("alias", .object([("from", .string("i-0009")), ("to", .string("i-0002"))]))
        // Dates out of order, an alias, an unknown item, an item twice in one entry.
        let unordered =
            header + items + alias + wear("2026-03-01", [1, 9]) + wear("2026-01-01", [1, 1, 7])
            + wear("2026-02-01", [2, 3])
        // The same item twice on one date, in two entries: the later mention is dropped.
        let duplicated = unordered + wear("2026-02-01", [3, 1]) + wear("2026-05-01", [2])
        for bytes in [unordered, duplicated] {
            let exact = try bytes.withUnsafeBufferPointer {
                try InventoryState.restore(snapshot: $0, file: "s", exactWears: true)
            }
            let built = try bytes.withUnsafeBufferPointer { try InventoryState.restore(snapshot: $0, file: "s") }
            #expect(built.state.items == exact.state.items)
            #expect(built.state.wearLog == exact.state.wearLog)
            #expect(built.warnings.map(\.description) == exact.warnings.map(\.description))
        }
        let exact = try duplicated.withUnsafeBufferPointer {
            try InventoryState.restore(snapshot: $0, file: "s", exactWears: true)
        }
        #expect(
            exact.state.items[ItemID(number: 1)]!.wornDates.map(\.description) == [
                "2026-01-01", "2026-02-01", "2026-03-01",
            ])
        #expect(exact.state.wearLog.last?.items == [ItemID(number: 2)])
        #expect(exact.state.wearLog.count == 5)
    }
}
