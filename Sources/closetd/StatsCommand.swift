import ArgumentParser
import Inventory
import InventoryStore

/// `closetd stats`: most and least worn, what has not been worn lately, cost per wear, a month of wears.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "How the closet is used: most and least worn, unworn lately, cost per wear, a month's calendar.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "The window for 'not worn lately', in days.") var days = 90
    @Option(help: "The month of the calendar, YYYY-MM (default: this month).") var month: String?
    @Option(help: "How many items in the most/least worn lists.") var top = 5
    @Option(help: "Compute as of this date instead of today (YYYY-MM-DD).") var asOf: String?
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        if days < 1 || days > 36_500 { throw ValidationError("--days must be between 1 and 36500") }
        if top < 1 { throw ValidationError("--top must be at least 1") }
    }

    func run() throws {
        let today = try asOf.map { try InventoryCLI.date($0, option: "--as-of") } ?? LocalClock.today()
        var shownMonth = (today.components.year, today.components.month)
        if let month {
            guard let first = CalendarDate(month + "-01") else {
                throw ValidationError("--month: \"\(month)\" is not YYYY-MM")
            }
            shownMonth = (first.components.year, first.components.month)
        }
        let state = try InventoryCLI.withStore(global) { $0.state }
        let stats = InventoryStatistics(state: state, today: today, windowDays: days, month: shownMonth, top: top)
        if json {
            printJSON(stats)
            return
        }
        func listing(_ items: [ClosetItem]) -> String {
            items.isEmpty
                ? "  (none)"
                : items.map { "  \($0.id)  \($0.displayName): \($0.wearCount) wears" }.joined(separator: "\n")
        }
        print("\(stats.itemCount) items")
        print("Most worn:\n" + listing(stats.mostWorn))
        print("Least worn:\n" + listing(stats.leastWorn))
        let percent = Int((stats.wornRecentlyShare * 100).rounded())
        print("Worn in the last \(days) days: \(stats.wornRecentlyCount) of \(stats.itemCount) (\(percent)%)")
        print("Not worn in the last \(days) days:")
        if stats.notWornRecently.isEmpty { print("  (none)") }
        for item in stats.notWornRecently {
            print("  \(item.id)  \(item.displayName): last worn \(item.lastWorn?.description ?? "never")")
        }
        print("Cost per wear:")
        if stats.costPerWear.isEmpty { print("  (no prices; set them with `closetd inventory edit ID --price P`)") }
        for item in stats.costPerWear {
            print(
                "  \(item.id)  \(item.displayName): \(InventoryCLI.money(item.costPerWear)) (\(InventoryCLI.money(item.price)) / \(item.wearCount) wears)"
            )
        }
        print(calendar(stats))
    }

    /// The month as a grid, Monday first; each day is its number and how many items were worn (· for none).
    private func calendar(_ stats: InventoryStatistics) -> String {
        let (year, month) = stats.month
        let first = CalendarDate(year: year, month: month, day: 1)!
        var lines = [
            "Wears in \(year)-\(month < 10 ? "0" : "")\(month) (items per day):",
            "  Mo    Tu    We    Th    Fr    Sa    Su",
        ]
        var line = String(repeating: "      ", count: first.weekdayFromMonday)
        for (index, count) in stats.itemsWornPerDay.enumerated() {
            let day = index + 1
            let worn = count == 0 ? " ·" : (count < 10 ? " " : "") + String(min(count, 99))
            line += (day < 10 ? " " : "") + String(day) + worn + "  "
            if first.adding(days: index).weekdayFromMonday == 6 {
                lines.append(line.trimmedRight())
                line = ""
            }
        }
        if !line.isEmpty { lines.append(line.trimmedRight()) }
        return lines.joined(separator: "\n")
    }

    private func printJSON(_ stats: InventoryStatistics) {
        func brief(_ item: ClosetItem) -> JSONValue {
            .object([
                ("id", .string(item.id.description)), ("name", .string(item.displayName)),
                ("wear_count", .number(Double(item.wearCount))),
                ("last_worn", item.lastWorn.map { .string($0.description) } ?? .null),
                ("price", item.price.map { .number($0) } ?? .null),
                ("cost_per_wear", item.costPerWear.map { .number(($0 * 100).rounded() / 100) } ?? .null),
            ])
        }
        let (year, month) = stats.month
        InventoryCLI.printJSON(
            .object([
                ("items", .number(Double(stats.itemCount))), ("most_worn", .array(stats.mostWorn.map(brief))),
                ("least_worn", .array(stats.leastWorn.map(brief))), ("window_days", .number(Double(stats.windowDays))),
                ("worn_in_window", .number(Double(stats.wornRecentlyCount))),
                ("not_worn_in_window", .array(stats.notWornRecently.map(brief))),
                ("cost_per_wear", .array(stats.costPerWear.map(brief))),
                ("total_price", .number(stats.totalPrice)),
                ("total_priced_wears", .number(Double(stats.totalPricedWears))),
                ("month", .string("\(year)-\(month < 10 ? "0" : "")\(month)")),
                ("items_worn_per_day", .array(stats.itemsWornPerDay.map { .number(Double($0)) })),
            ]))
    }
}

extension String {
    fileprivate func trimmedRight() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
