import Inventory

/// The closet inventory on disk: the API perception, the recommender and the CLI use.
///
/// Reads (`state`, `candidates`, `wears`) answer from memory; call `refresh()` first to see what another
/// process (the CLI, the daemon) wrote since. Every change takes the file lock, catches up with the files,
/// checks the change against the fresh state, appends its record with fsync and only then applies it, so
/// a change that returned is on disk, and a change that threw left nothing behind.
///
/// Thread-safe; calls block on file I/O (an append is one write and one fdatasync).
public final class InventoryStore: @unchecked Sendable {
    /// Tuning.
    public struct Options: Sendable {
        /// The journal is compacted into a new snapshot once it grows past this many bytes.
        public var compactAfterBytes = 4 << 20
        public init() {}
    }

    /// Where the files are.
    public let paths: StorePaths
    // `core` is only touched under `threadLock`.
    private let threadLock = ThreadLock()
    private var core: StoreCore

    /// Opens the store in `stateDirectory` (creating its folders and an empty store if there is none), and
    /// loads it. Throws `InventoryFormatError` for a store it must not touch (a newer schema), `SystemError`
    /// when the files cannot be read.
    public init(stateDirectory: String, options: Options = Options()) throws {
        paths = StorePaths(stateDirectory: stateDirectory)
        var core = try StoreCore(paths: paths, options: options)
        try core.locked { _ in }
        self.core = core
    }

    // MARK: Reading

    /// The inventory as of the last load or change.
    public var state: InventoryState { threadLock.withLock { core.state } }

    /// Catches up with changes other processes made.
    public func refresh() throws {
        try threadLock.withLock { try core.locked { _ in } }
    }

    /// Warnings from loading (torn or corrupt records, moved aside or skipped) not yet taken.
    public func takeWarnings() -> [LoadWarning] {
        threadLock.withLock {
            defer { core.warnings = [] }
            return core.warnings
        }
    }

    /// Items the recommender may choose from (see `InventoryState.candidates`).
    public func candidates(category: GarmentCategory? = nil, includeWorn: Bool = false) -> [ClosetItem] {
        state.candidates(category: category, includeWorn: includeWorn)
    }

    /// The wear log between two dates, inclusive (see `InventoryState.wears`).
    public func wears(from: CalendarDate? = nil, to: CalendarDate? = nil, item: ItemID? = nil) -> [WearEvent] {
        state.wears(from: from, to: to, item: item)
    }

    // MARK: Changing

    /// The primitive every change goes through: under the lock, `plan` sees the fresh state and returns the
    /// changes to write and a result; the changes are checked, appended durably and applied.
    public func perform<Result: Sendable>(
        _ plan: (InventoryState) throws -> (changes: [InventoryChange], result: Result)
    ) throws -> Result {
        try threadLock.withLock {
            try core.locked { core in
                let (changes, result) = try plan(core.state)
                try core.append(changes)
                return result
            }
        }
    }

    /// Writes `changes` as they are.
    public func apply(_ changes: [InventoryChange]) throws {
        try perform { _ in (changes, ()) }
    }

    /// Adds an item with the next free id; `configure` fills in what is known beyond category and colour.
    @discardableResult
    public func addItem(
        category: GarmentCategory, colour: ColourName, firstSeen: Timestamp = LocalClock.now(),
        configure: (inout ClosetItem) throws -> Void = { _ in }
    ) throws -> ClosetItem {
        try perform { state in
            var item = ClosetItem(id: state.nextItemID, category: category, colour: colour, firstSeen: firstSeen)
            try configure(&item)
            item.id = state.nextItemID
            return ([.putItem(item)], item)
        }
    }

    /// Changes an item's own fields (not its id nor its wear history).
    @discardableResult
    public func updateItem(_ id: ItemID, _ update: (inout ClosetItem) throws -> Void) throws -> ClosetItem {
        try perform { state in
            guard var item = state.item(id) else { throw InventoryError.unknownItem(id) }
            let original = item.id
            try update(&item)
            item.id = original
            return ([.putItem(item)], item)
        }
    }

    /// Logs that `items` were worn on `date`. Items already logged for that date are left out (a second wear
    /// of the same item on the same date is idempotent); returns the entry written, or nil when there was
    /// nothing new. Clean items become worn.
    @discardableResult
    public func logWear(
        _ items: [ItemID], on date: CalendarDate, outfit: String? = nil, source: WearSource
    ) throws -> WearEvent? {
        try perform { state in
            if items.isEmpty { throw InventoryError.noItems }
            var fresh: [ItemID] = []
            for id in items {
                guard let resolved = state.resolve(id) else { throw InventoryError.unknownItem(id) }
                if !fresh.contains(resolved), !state.isWorn(resolved, on: date) { fresh.append(resolved) }
            }
            guard !fresh.isEmpty else { return ([], nil) }
            let wear = WearEvent(date: date, items: fresh, outfit: outfit, source: source)
            return ([.wear(wear)], wear)
        }
    }

    /// Sets the laundry state of `items`.
    public func setLaundry(_ items: [ItemID], to laundry: LaundryState) throws {
        try apply([.laundry(items: items, state: laundry)])
    }

    /// Moves every item in laundry state `from` to `to` (e.g. all worn items into the basket); returns them.
    @discardableResult
    public func moveLaundry(from: LaundryState, to: LaundryState) throws -> [ItemID] {
        try perform { state in
            let ids = state.sortedItems().filter { $0.laundry == from }.map(\.id)
            return (ids.isEmpty ? [] : [.laundry(items: ids, state: to)], ids)
        }
    }

    /// Records that the camera saw an item (moves `lastSeen` forward). Perception should call this once per
    /// mirror session, not per frame: each call is a record.
    public func recordSighting(_ id: ItemID, at time: Timestamp) throws {
        try apply([.seen(id, at: time)])
    }

    /// Appends to the feedback log.
    public func logFeedback(_ feedback: FeedbackEvent) throws {
        try apply([.feedback(feedback)])
    }

    /// Folds `from` into `into` (one garment the camera took for two); returns the combined item.
    @discardableResult
    public func mergeItems(into: ItemID, from: ItemID) throws -> ClosetItem {
        try perform { state in
            guard let target = state.resolve(into) else { throw InventoryError.unknownItem(into) }
            guard let source = state.resolve(from) else { throw InventoryError.unknownItem(from) }
            var preview = state
            try preview.apply(.mergeItems(into: target, from: source))
            return ([.mergeItems(into: target, from: source)], preview.items[target]!)
        }
    }

    /// Removes an item and its wear history; returns what was removed.
    @discardableResult
    public func deleteItem(_ id: ItemID) throws -> ClosetItem {
        try perform { state in
            guard let item = state.item(id) else { throw InventoryError.unknownItem(id) }
            return ([.deleteItem(item.id)], item)
        }
    }

    /// Writes a new snapshot now and empties the journal.
    public func compact() throws {
        try threadLock.withLock { try core.locked { core in try core.compact() } }
    }

    /// Stores a thumbnail as `<state>/thumbnails/<name>` (atomically); returns the name for `ClosetItem.thumbnail`.
    @discardableResult
    public func saveThumbnail(_ bytes: [UInt8], named name: String) throws -> String {
        guard !name.isEmpty, !name.hasPrefix("."), !name.contains("/") else {
            throw InventoryError.invalidValue(field: "thumbnail", reason: "\"\(name)\" is not a plain file name")
        }
        try FileIO.writeFileAtomically(paths.thumbnailsDirectory + "/" + name, bytes: bytes)
        return name
    }

    /// Test seam: the store's writes fail like a full disk after `bytesBeforeFailure` bytes (nil to stop).
    func injectWriteFailure(_ failure: InjectedWriteFailure?) {
        threadLock.withLock { core.injectedFailure = failure }
    }
}
