import Inventory
import InventoryStore

/// Reads a state folder's inventory the way the CLI does (after a child process wrote it).
enum InventoryStoreReader {
    static func read(_ stateDirectory: String) throws -> InventoryState {
        try InventoryStore(stateDirectory: stateDirectory).state
    }
}
