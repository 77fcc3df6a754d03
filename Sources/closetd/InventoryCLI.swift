import ArgumentParser
import Daemon
import Inventory
import InventoryStore

/// What the inventory, laundry and stats commands share: opening the store, exit codes, output formats.
///
/// Exit codes: 0 done; 1 the change was refused (unknown item, value out of range); 64 bad usage;
/// 65 bad input data (an import file, a photo, a store written by a newer closetd); 74 a file could not be
/// read or written (a full disk); 78 bad configuration.
enum InventoryCLI {
    static let refusedStatus: Int32 = 1
    static let dataErrorStatus: Int32 = 65
    static let ioErrorStatus: Int32 = 74

    /// Opens the store of the configured state folder, runs `body`, prints load warnings to standard error and
    /// turns errors into a message and an exit code.
    static func withStore<T>(_ global: GlobalOptions, _ body: (InventoryStore) throws -> T) throws -> T {
        let config = try global.loadConfig()
        var opened: InventoryStore?
        defer { if let store = opened { printWarnings(store) } }
        do {
            let store = try InventoryStore(stateDirectory: config.stateDirectory)
            opened = store
            printWarnings(store)
            return try body(store)
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch {
            throw fail(error)
        }
    }

    /// Prints `error` and returns the exit code for its kind.
    static func fail(_ error: any Error) -> ExitCode {
        printError("closetd: \(error)")
        switch error {
        case is InventoryError: return ExitCode(refusedStatus)
        case is InventoryFormatError, is ItemCSV.Failure, is InputError: return ExitCode(dataErrorStatus)
        case is SystemError, is StoreError: return ExitCode(ioErrorStatus)
        default: return ExitCode(refusedStatus)
        }
    }

    private static func printWarnings(_ store: InventoryStore) {
        for warning in store.takeWarnings() { printError("closetd: warning: \(warning)") }
    }

    /// Bad input that is not a store's: a photo, a file to import.
    struct InputError: Error, CustomStringConvertible {
        var description: String
    }

    static func itemID(_ text: String) throws -> ItemID {
        guard let id = ItemID(text) else { throw ValidationError("\"\(text)\" is not an item id (like i-0001)") }
        return id
    }

    static func date(_ text: String, option: String) throws -> CalendarDate {
        guard let date = CalendarDate(text) else {
            throw ValidationError("\(option): \"\(text)\" is not a YYYY-MM-DD date")
        }
        return date
    }

    static func category(_ text: String) throws -> GarmentCategory {
        guard let category = GarmentCategory(parsing: text) else {
            throw ValidationError("unknown category \"\(text)\"; one of: \(GarmentCategory.namesList)")
        }
        return category
    }

    static func colour(_ text: String) throws -> ColourName {
        guard let colour = ColourName(parsing: text) else {
            throw ValidationError("unknown colour \"\(text)\"; one of: \(ColourName.namesList)")
        }
        return colour
    }

    static func pattern(_ text: String) throws -> GarmentPattern {
        guard let pattern = GarmentPattern(rawValue: text.lowercased()) else {
            throw ValidationError("unknown pattern \"\(text)\"; one of: \(GarmentPattern.namesList)")
        }
        return pattern
    }

    static func laundry(_ text: String) throws -> LaundryState {
        guard let state = LaundryState(rawValue: text.lowercased()) else {
            throw ValidationError("unknown laundry state \"\(text)\"; one of: clean, worn, dirty")
        }
        return state
    }

    static func number(_ text: String, option: String) throws -> Double {
        guard let value = Double(text), value.isFinite else {
            throw ValidationError("\(option): \"\(text)\" is not a number")
        }
        return value
    }

    // MARK: Output

    /// An item for `--json`: its fields, the derived ones (wears, cost per wear), and the number of embeddings.
    static func json(_ item: ClosetItem) -> JSONValue {
        let members: [(String, JSONValue)] = [
            ("id", .string(item.id.description)), ("category", .string(item.category.rawValue)),
            ("colour", .string(item.colour.rawValue)),
            ("rgb", item.measuredColour.map { .string($0.description) } ?? .null),
            ("pattern", .string(item.pattern.rawValue)), ("warmth", .number(item.warmth)),
            ("laundry", .string(item.laundry.rawValue)), ("name", item.name.map { .string($0) } ?? .null),
            ("notes", item.notes.map { .string($0) } ?? .null), ("price", item.price.map { .number($0) } ?? .null),
            ("archived", .bool(item.archived)), ("thumbnail", item.thumbnail.map { .string($0) } ?? .null),
            ("first_seen", .string(item.firstSeen.description)),
            ("last_seen", item.lastSeen.map { .string($0.description) } ?? .null),
            ("wear_count", .number(Double(item.wearCount))),
            ("last_worn", item.lastWorn.map { .string($0.description) } ?? .null),
            ("cost_per_wear", item.costPerWear.map { .number(($0 * 100).rounded() / 100) } ?? .null),
            ("embeddings", .number(Double(item.embeddings.count))),
        ]
        return .object(members)
    }

    static func json(_ wear: WearEvent) -> JSONValue {
        .object([
            ("date", .string(wear.date.description)), ("items", .array(wear.items.map { .string($0.description) })),
            ("outfit", wear.outfit.map { .string($0) } ?? .null), ("source", .string(wear.source.rawValue)),
        ])
    }

    static func printJSON(_ value: JSONValue) {
        print(value.jsonText)
    }

    static func money(_ value: Double?) -> String {
        guard let value else { return "-" }
        let cents = Int64((value * 100).rounded())
        let whole = cents / 100
        let fraction = abs(cents % 100)
        return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    static func clo(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)"
    }
}
