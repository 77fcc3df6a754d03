import Testing

@testable import Inventory

@Suite("A large snapshot read in pieces gives what one pass gives")
struct ParallelRestoreTests {
    /// A snapshot over 1 MiB: items with embeddings, wears, feedback, an alias.
    func largeSnapshot() throws -> [UInt8] {
        var state = InventoryState()
        let t0 = Timestamp("2026-01-01T00:00:00Z")!
        for number in 1...1200 {
            var item = ClosetItem(
                id: ItemID(number: UInt32(number)), category: GarmentCategory.allCases[number % 15],
                colour: ColourName.allCases[number % 11], firstSeen: t0)
            item.embeddings = [(0..<64).map { Float($0 * number % 17) }]
            try state.apply(.putItem(item))
        }
        let day = CalendarDate("2020-01-01")!
        for index in 0..<20_000 {
            let items = [ItemID(number: UInt32(index % 1200 + 1)), ItemID(number: UInt32((index * 7) % 1200 + 1))]
            try state.apply(
                .wear(
                    WearEvent(
                        date: day.adding(days: index / 20), items: items, outfit: index % 3 == 0 ? nil : "o-\(index)",
                        source: .camera)))
        }
        try state.apply(.mergeItems(into: ItemID(number: 1), from: ItemID(number: 2)))
        try state.apply(
            .feedback(FeedbackEvent(recommendation: "r", outfit: [ItemID(number: 3)], action: .reject, time: t0)))
        state.advanceSequence(to: 99)
        let bytes = state.snapshotBytes(created: t0)
        #expect(bytes.count > 1 << 20)
        return bytes
    }

    func compare(_ bytes: [UInt8], threads: Int) throws {
        let serial = try bytes.withUnsafeBufferPointer {
            try InventoryState.restore(snapshot: $0, file: "s", exactWears: true)
        }
        // The pieces run in reverse order, to show that order of work does not matter.
        let pieces = try bytes.withUnsafeBufferPointer {
            try InventoryState.restore(
                snapshot: $0, file: "s",
                parallel: { count, body in for index in (0..<count).reversed() { body(index) } },
                threads: threads)
        }
        #expect(pieces.header == serial.header)
        #expect(pieces.state.items == serial.state.items)
        #expect(pieces.state.wearLog == serial.state.wearLog)
        #expect(pieces.state.feedbackLog == serial.state.feedbackLog)
        #expect(pieces.state.aliases == serial.state.aliases)
        #expect(pieces.warnings.map(\.description) == serial.warnings.map(\.description))
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

    @Test(arguments: [2, 3, 7])
    func sameStateAndWarnings(threads: Int) throws {
        let bytes = try largeSnapshot()
        try compare(bytes, threads: threads)
        // Damage lines all over (some will sit at piece boundaries) and tear the last one.
        var damaged = bytes
        var index = 5000
        while index < damaged.count - 100 {
            damaged[index] ^= 0x01
            index += 97_001
        }
        damaged.removeLast(30)
        let serial = try damaged.withUnsafeBufferPointer { try InventoryState.restore(snapshot: $0, file: "s") }
        #expect(serial.warnings.count > 10)
        try compare(damaged, threads: threads)
    }
}
