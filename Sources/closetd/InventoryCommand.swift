import ArgumentParser
import Inventory
import InventoryStore

/// `closetd inventory …`: look after the closet by hand.
struct InventoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "List, add, edit, merge and remove the items of the closet; read and write the wear log.",
        subcommands: [
            Add.self, List.self, Show.self, Edit.self, Merge.self, Archive.self, Delete.self, Wears.self,
            Wear.self, Export.self, Import.self, Compact.self,
        ]
    )

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an item by hand.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "One of: \(GarmentCategory.namesList).") var category: String
        @Option(help: "One of: \(ColourName.namesList).") var colour: String
        @Option(help: "Your name for it.") var name: String?
        @Option(help: "A JPEG or PNG photo, kept as its thumbnail.") var photo: String?
        @Option(help: "What it cost.") var price: String?
        @Option(help: "Warmth in clo (default: by category).") var warmth: String?
        @Option(help: "One of: \(GarmentPattern.namesList).") var pattern: String?
        @Option(help: "Measured colour, #rrggbb.") var rgb: String?
        @Option(help: "Free text.") var notes: String?
        @Flag(help: "Print the item as JSON.") var json = false

        func run() throws {
            let category = try InventoryCLI.category(self.category)
            let colour = try InventoryCLI.colour(self.colour)
            let pattern = try pattern.map(InventoryCLI.pattern)
            let price = try price.map { try InventoryCLI.number($0, option: "--price") }
            let warmth = try warmth.map { try InventoryCLI.number($0, option: "--warmth") }
            var measured: MeasuredColour?
            if let rgb {
                guard let parsed = MeasuredColour(hex: rgb) else {
                    throw ValidationError("--rgb: \"\(rgb)\" is not #rrggbb")
                }
                measured = parsed
            }
            let item = try InventoryCLI.withStore(global) { store in
                var photoBytes: (bytes: [UInt8], ext: String)?
                if let photo { photoBytes = try Self.readPhoto(photo) }
                let added = try store.addItem(category: category, colour: colour) { item in
                    item.name = name
                    item.notes = notes
                    item.price = price
                    if let warmth { item.warmth = warmth }
                    if let pattern { item.pattern = pattern }
                    item.measuredColour = measured
                }
                guard let photoBytes else { return added }
                let fileName = try store.saveThumbnail(photoBytes.bytes, named: "\(added.id).\(photoBytes.ext)")
                return try store.updateItem(added.id) { $0.thumbnail = fileName }
            }
            if json {
                InventoryCLI.printJSON(InventoryCLI.json(item))
            } else {
                print("added \(item.id): \(item.displayName)")
            }
        }

        /// Reads a photo and checks it is a JPEG or PNG; returns its bytes and file extension.
        static func readPhoto(_ path: String) throws -> (bytes: [UInt8], ext: String) {
            let bytes: [UInt8]
            do { bytes = try FileIO.readFile(path) } catch {
                throw InventoryCLI.InputError(description: "photo \(error)")
            }
            if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return (bytes, "jpg") }
            if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return (bytes, "png") }
            throw InventoryCLI.InputError(description: "photo \(path): not a JPEG or PNG file")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List items (archived ones only with --archived).")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Only this category.") var category: String?
        @Option(help: "Only this colour.") var colour: String?
        @Option(help: "Only this laundry state: clean, worn or dirty.") var laundry: String?
        @Flag(help: "Include archived items.") var archived = false
        @Option(
            help:
                "id (default), wears (most first), last-worn (longest ago first, never worn before), cost-per-wear (dearest first)."
        )
        var sort = "id"
        @Flag(help: "Print JSON.") var json = false

        func validate() throws {
            guard ["id", "wears", "last-worn", "cost-per-wear"].contains(sort) else {
                throw ValidationError("--sort: expected id, wears, last-worn or cost-per-wear")
            }
        }

        func run() throws {
            let category = try category.map(InventoryCLI.category)
            let colour = try colour.map(InventoryCLI.colour)
            let laundry = try laundry.map(InventoryCLI.laundry)
            let state = try InventoryCLI.withStore(global) { $0.state }
            var items = state.sortedItems(includeArchived: archived).filter { item in
                (category == nil || item.category == category) && (colour == nil || item.colour == colour)
                    && (laundry == nil || item.laundry == laundry)
            }
            switch sort {
            case "wears": items.sort { ($1.wearCount, $0.id) < ($0.wearCount, $1.id) }
            case "last-worn":
                items.sort {
                    ($0.lastWorn?.dayNumber ?? Int32.min, $0.id) < ($1.lastWorn?.dayNumber ?? Int32.min, $1.id)
                }
            case "cost-per-wear":
                items.sort { ($1.costPerWear ?? -1, $0.id) < ($0.costPerWear ?? -1, $1.id) }
            default: break
            }
            if json {
                InventoryCLI.printJSON(.array(items.map(InventoryCLI.json)))
                return
            }
            var table = TextTable([
                "ID", "CATEGORY", "COLOUR", "NAME", "LAUNDRY", "WEARS", "LAST WORN", "PRICE", "PER WEAR",
            ])
            for item in items {
                table.add([
                    item.id.description + (item.archived ? " (archived)" : ""), item.category.rawValue,
                    item.colour.rawValue, item.name ?? "-", item.laundry.rawValue, String(item.wearCount),
                    item.lastWorn?.description ?? "never", InventoryCLI.money(item.price),
                    InventoryCLI.money(item.costPerWear),
                ])
            }
            print(table.text)
            print("\(items.count) item\(items.count == 1 ? "" : "s")")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one item and its wears.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The item id (i-0001).") var id: String
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let id = try InventoryCLI.itemID(id)
            let (item, wears) = try InventoryCLI.withStore(global) { store in
                guard let item = store.state.item(id) else { throw InventoryError.unknownItem(id) }
                return (item, store.state.wears(item: item.id))
            }
            if json {
                InventoryCLI.printJSON(InventoryCLI.json(item))
                return
            }
            var lines = [
                ("id", item.id.description), ("name", item.name ?? "-"), ("category", item.category.rawValue),
                ("colour", item.colour.rawValue + (item.measuredColour.map { " (\($0))" } ?? "")),
                ("pattern", item.pattern.rawValue), ("warmth", InventoryCLI.clo(item.warmth) + " clo"),
                ("laundry", item.laundry.rawValue), ("price", InventoryCLI.money(item.price)),
                ("wears", String(item.wearCount)), ("last worn", item.lastWorn?.description ?? "never"),
                ("cost per wear", InventoryCLI.money(item.costPerWear)), ("first seen", item.firstSeen.description),
                ("last seen", item.lastSeen?.description ?? "-"), ("thumbnail", item.thumbnail ?? "-"),
                ("embeddings", String(item.embeddings.count)), ("archived", item.archived ? "yes" : "no"),
            ]
            if let notes = item.notes { lines.append(("notes", notes)) }
            if !wears.isEmpty {
                lines.append(("worn on", wears.suffix(10).map(\.date.description).joined(separator: " ")))
            }
            let width = lines.map(\.0.count).max() ?? 0
            for (key, value) in lines {
                print(key + ":" + String(repeating: " ", count: width - key.count + 1) + value)
            }
        }
    }

    struct Edit: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change an item's fields (an empty value clears name, notes, price).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The item id.") var id: String
        @Option var name: String?
        @Option var category: String?
        @Option var colour: String?
        @Option var price: String?
        @Option(help: "Warmth in clo.") var warmth: String?
        @Option var notes: String?
        @Option var pattern: String?
        @Option(help: "Measured colour, #rrggbb.") var rgb: String?
        @Flag(help: "Print the item as JSON.") var json = false

        func validate() throws {
            if [name, category, colour, price, warmth, notes, pattern, rgb].allSatisfy({ $0 == nil }) {
                throw ValidationError(
                    "nothing to change: give --name, --category, --colour, --price, --warmth, --notes, --pattern or --rgb"
                )
            }
        }

        func run() throws {
            let id = try InventoryCLI.itemID(id)
            let category = try category.map(InventoryCLI.category)
            let colour = try colour.map(InventoryCLI.colour)
            let pattern = try pattern.map(InventoryCLI.pattern)
            let price = try price.map { $0.isEmpty ? nil : try InventoryCLI.number($0, option: "--price") }
            let warmth = try warmth.map { try InventoryCLI.number($0, option: "--warmth") }
            var measured: MeasuredColour?
            if let rgb {
                guard let parsed = MeasuredColour(hex: rgb) else {
                    throw ValidationError("--rgb: \"\(rgb)\" is not #rrggbb")
                }
                measured = parsed
            }
            let item = try InventoryCLI.withStore(global) { store in
                try store.updateItem(id) { item in
                    if let name { item.name = name.isEmpty ? nil : name }
                    if let notes { item.notes = notes.isEmpty ? nil : notes }
                    if let category { item.category = category }
                    if let colour { item.colour = colour }
                    if let pattern { item.pattern = pattern }
                    if let price { item.price = price }
                    if let warmth { item.warmth = warmth }
                    if let measured { item.measuredColour = measured }
                }
            }
            if json {
                InventoryCLI.printJSON(InventoryCLI.json(item))
            } else {
                print("updated \(item.id): \(item.displayName)")
            }
        }
    }

    struct Merge: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Merge two items that are one garment: the second's wears and embeddings join the first; its id then means the first."
        )
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The item to keep.") var keep: String
        @Argument(help: "The item to fold into it.") var absorb: String

        func run() throws {
            let keep = try InventoryCLI.itemID(keep)
            let absorb = try InventoryCLI.itemID(absorb)
            let merged = try InventoryCLI.withStore(global) { try $0.mergeItems(into: keep, from: absorb) }
            print(
                "merged \(absorb) into \(merged.id): \(merged.wearCount) wears, \(merged.embeddings.count) embeddings")
        }
    }

    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Archive an item: kept in the history, never recommended.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The item id.") var id: String
        @Flag(help: "Bring an archived item back.") var undo = false

        func run() throws {
            let id = try InventoryCLI.itemID(id)
            let item = try InventoryCLI.withStore(global) { try $0.updateItem(id) { $0.archived = !undo } }
            print("\(undo ? "restored" : "archived") \(item.id): \(item.displayName)")
        }
    }

    struct Delete: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Delete an item and its wear history (archive keeps them).")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "The item id.") var id: String

        func run() throws {
            let id = try InventoryCLI.itemID(id)
            let item = try InventoryCLI.withStore(global) { try $0.deleteItem(id) }
            print("deleted \(item.id): \(item.displayName) (\(item.wearCount) wears removed from the log)")
        }
    }

    struct Wears: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the wear log, oldest first.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "From this date (YYYY-MM-DD), inclusive.") var from: String?
        @Option(help: "To this date, inclusive.") var to: String?
        @Option(help: "Only wears of this item.") var item: String?
        @Flag(help: "Print JSON.") var json = false

        func run() throws {
            let from = try from.map { try InventoryCLI.date($0, option: "--from") }
            let to = try to.map { try InventoryCLI.date($0, option: "--to") }
            let item = try item.map(InventoryCLI.itemID)
            let wears = try InventoryCLI.withStore(global) { store in
                if let item, store.state.item(item) == nil { throw InventoryError.unknownItem(item) }
                return store.wears(from: from, to: to, item: item)
            }
            if json {
                InventoryCLI.printJSON(.array(wears.map(InventoryCLI.json)))
                return
            }
            var table = TextTable(["DATE", "ITEMS", "OUTFIT", "SOURCE"])
            for wear in wears {
                table.add([
                    wear.date.description, wear.items.map(\.description).joined(separator: " "),
                    wear.outfit ?? "-", wear.source.rawValue,
                ])
            }
            print(table.text)
        }
    }

    struct Wear: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Log by hand that items were worn (today unless --date); a second wear on the same date is ignored.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "Item ids.") var ids: [String]
        @Option(help: "The date worn, YYYY-MM-DD.") var date: String?
        @Option(help: "The recommended outfit this was.") var outfit: String?

        func validate() throws {
            if ids.isEmpty { throw ValidationError("give at least one item id") }
        }

        func run() throws {
            let ids = try ids.map(InventoryCLI.itemID)
            let date = try date.map { try InventoryCLI.date($0, option: "--date") } ?? LocalClock.today()
            let logged = try InventoryCLI.withStore(global) {
                try $0.logWear(ids, on: date, outfit: outfit, source: .manual)
            }
            if let logged {
                print("logged \(logged.date): \(logged.items.map(\.description).joined(separator: " "))")
            } else {
                print("already logged for \(date); nothing to add")
            }
        }
    }

    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export all items as CSV (or JSON).")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "CSV (the default).") var csv = false
        @Flag(help: "JSON instead.") var json = false

        func validate() throws {
            if csv && json { throw ValidationError("choose one of --csv and --json") }
        }

        func run() throws {
            let items = try InventoryCLI.withStore(global) { $0.state.sortedItems() }
            if json {
                InventoryCLI.printJSON(.array(items.map(InventoryCLI.json)))
            } else {
                print(ItemCSV.encode(items), terminator: "")
            }
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Import items from CSV (as export writes it): rows with a known id update it, others are added. All or nothing."
        )
        @OptionGroup var global: GlobalOptions
        @Flag(help: "The file is CSV (the only format).") var csv = false
        @Argument(help: "The CSV file, or - for standard input.") var file: String

        func run() throws {
            let (added, updated) = try InventoryCLI.withStore(global) { store in
                let bytes: [UInt8]
                do { bytes = try FileIO.readFile(file == "-" ? "/dev/stdin" : file) } catch {
                    throw InventoryCLI.InputError(description: "import \(error)")
                }
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    throw InventoryCLI.InputError(description: "import \(file): not UTF-8 text")
                }
                let rows = try ItemCSV.decode(text, now: LocalClock.now())
                return try store.perform { state in
                    var changes: [InventoryChange] = []
                    var next = state.nextItemNumber
                    var added = 0
                    var updated = 0
                    var seen: Set<ItemID> = []
                    for row in rows {
                        var item = row.item
                        if let id = row.id, let existing = state.item(id) {
                            item.id = existing.id
                            item.embeddings = existing.embeddings
                            if item.thumbnail == nil { item.thumbnail = existing.thumbnail }
                            updated += 1
                        } else if let id = row.id {
                            item.id = id
                            next = max(next, id.number + 1)
                            added += 1
                        } else {
                            item.id = ItemID(number: next)
                            next += 1
                            added += 1
                        }
                        guard seen.insert(item.id).inserted else {
                            throw ItemCSV.Failure(row: row.number, reason: "\(item.id) appears twice")
                        }
                        changes.append(.putItem(item))
                    }
                    return (changes, (added, updated))
                }
            }
            print("imported: \(added) added, \(updated) updated")
        }
    }

    struct Compact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a new snapshot and empty the journal (closetd also does this on its own).")
        @OptionGroup var global: GlobalOptions

        func run() throws {
            let sequence = try InventoryCLI.withStore(global) { store in
                try store.compact()
                return store.state.lastSequence
            }
            print("compacted: the snapshot holds every record through \(sequence)")
        }
    }
}
