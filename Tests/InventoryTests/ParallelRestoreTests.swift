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
            try state.apply(.wear(WearEvent(date: day.adding(days: index / 20), items: items, outfit: index % 3 == 0 ? nil : "o-\(index)", source: .camera)))
        }
        try state.apply(.mergeItems(into: ItemID(number: 1), from: ItemID(number: 2)))
        try state.apply(.feedback(FeedbackEvent(recommendation: "r", outfit: [ItemID(number: 3)], action: .reject, time: t0)))
        state.advanceSequence(to: 99)
        let bytes = state.snapshotBytes(created: t0)
        #expect(bytes.count > 1 << 20)
        return bytes
    }

    func compare(_ bytes: [UInt8], threads: Int) throws {
        let serial = try bytes.withUnsafeBufferPointer { try InventoryState.restore(snapshot: $0, file: "s") }
        // The pieces run in reverse order, to show that order of work does not matter.
        let pieces = try bytes.withUnsafeBufferPointer {
            try InventoryState.restore(
                snapshot: $0, file: "s", parallel: { count, body in for index in (0..<count).reversed() { body(index) } },
                threads: threads)
        }
        #expect(pieces.header == serial.header)
        #expect(pieces.state.items == serial.state.items)
        #expect(pieces.state.wearLog == serial.state.wearLog)
        #expect(pieces.state.feedbackLog == serial.state.feedbackLog)
        #expect(pieces.state.aliases == serial.state.aliases)
        #expect(pieces.warnings.map(\.description) == serial.warnings.map(\.description))
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
