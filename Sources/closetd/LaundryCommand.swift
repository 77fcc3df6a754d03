import ArgumentParser
import Inventory
import InventoryStore

/// `closetd laundry ID… clean|dirty`, `closetd laundry --worn dirty`.
struct LaundryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "laundry",
        abstract: "Mark items clean or dirty, or move every worn item to dirty (--worn dirty).",
        usage: "closetd laundry <id> ... clean|dirty\n  closetd laundry --worn clean|dirty"
    )

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Apply the state to every item now in the worn state.") var worn = false
    @Argument(help: "Item ids, then the new state: clean, worn or dirty.") var words: [String] = []

    func validate() throws {
        guard let last = words.last, LaundryState(rawValue: last.lowercased()) != nil else {
            throw ValidationError("end with the new state: clean, worn or dirty")
        }
        if worn, words.count != 1 { throw ValidationError("--worn takes only the new state, no item ids") }
        if !worn, words.count < 2 { throw ValidationError("give item ids before the state, or --worn") }
    }

    func run() throws {
        let state = try InventoryCLI.laundry(words.last!)
        if worn {
            let moved = try InventoryCLI.withStore(global) { try $0.moveLaundry(from: .worn, to: state) }
            print(
                moved.isEmpty
                    ? "no worn items" : "\(state.rawValue): \(moved.map(\.description).joined(separator: " "))")
            return
        }
        let ids = try words.dropLast().map(InventoryCLI.itemID)
        try InventoryCLI.withStore(global) { try $0.setLaundry(ids, to: state) }
        print("\(state.rawValue): \(ids.map(\.description).joined(separator: " "))")
    }
}
