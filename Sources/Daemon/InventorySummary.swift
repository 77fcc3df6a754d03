import Inventory

/// What the `state` topic says about the closet: how many items, and the last outfit logged.
enum InventorySummary {
    static func publish(_ inventory: InventoryState, to status: DaemonStatus) {
        let count = inventory.items.values.filter { !$0.archived }.count
        let last = inventory.wearLog.max { $0.date < $1.date }
        status.update {
            $0.items = count
            $0.lastOutfit = last.map { DaemonStatus.LastOutfit(date: $0.date.description, itemIDs: $0.items.map(\.description)) }
        }
    }
}
