import Foundation
import Inventory
import Recommender

/// The inventory's items as the recommender sees them.
///
/// The inventory owns the data; this maps it field by field. Two scales differ and are bridged here:
/// the inventory keeps warmth in clo (editable per item), the recommender's warmth rule works in its own units
/// (a T-shirt 1, a coat 5); an item's warmth is its category's recommender default scaled by how far the item's
/// clo is from its category's clo default, so a user's "this coat is warmer" edit carries over.
enum ClosetGarments {
    static func garments(from inventory: InventoryState, timeZone: TimeZone) -> [RecommenderGarment] {
        inventory.sortedItems(includeArchived: false).compactMap { item in
            guard let category = RecommenderCategory(rawValue: item.category.rawValue) else { return nil }
            let measured = item.measuredColour.map {
                SRGBColour(red8: $0.red, green8: $0.green, blue8: $0.blue)
            }
            let inventoryDefault = item.category.defaultWarmth
            let warmth = inventoryDefault > 0 ? category.defaultWarmth * item.warmth / inventoryDefault : category.defaultWarmth
            return RecommenderGarment(
                id: item.id.description,
                name: item.name ?? "\(item.colour.rawValue) \(singular(item.category))",
                category: category,
                colour: GarmentColour(name: item.colour.rawValue, measured: measured),
                pattern: pattern(item.pattern),
                warmth: warmth,
                embedding: meanEmbedding(item.embeddings),
                lastWorn: item.lastWorn.flatMap { date(of: $0, in: timeZone) },
                wearCount: item.wearCount,
                isClean: item.laundry == .clean,
                isArchived: item.archived,
                thumbnail: item.thumbnail)
        }
    }

    /// The wear log as positive examples.
    static func wearRecords(from inventory: InventoryState, timeZone: TimeZone) -> [WearRecord] {
        inventory.wearLog.compactMap { wear in
            date(of: wear.date, in: timeZone).map { WearRecord(date: $0, itemIDs: wear.items.map(\.description)) }
        }
    }

    /// How one item of a category is called in a default name ("blue jeans", "white shirt").
    static func singular(_ category: Inventory.GarmentCategory) -> String {
        switch category {
        case .dresses: "dress"
        case .shorts, .pants, .jeans, .shoes: category.rawValue
        case .accessories: "accessory"
        default: String(category.rawValue.dropLast())
        }
    }

    /// Stripes and dots count as quiet patterns; checks, florals and prints as bold ones.
    static func pattern(_ pattern: Inventory.GarmentPattern) -> RecommenderPattern {
        switch pattern {
        case .solid: .solid
        case .striped, .dotted, .other: .subtle
        case .checked, .floral, .printed: .bold
        }
    }

    /// The mean of an item's embeddings (the recogniser adds one per sighting), or none.
    static func meanEmbedding(_ embeddings: [[Float]]) -> [Float] {
        guard let first = embeddings.first else { return [] }
        var sum = [Float](repeating: 0, count: first.count)
        var count: Float = 0
        for embedding in embeddings where embedding.count == first.count {
            for i in sum.indices { sum[i] += embedding[i] }
            count += 1
        }
        return sum.map { $0 / count }
    }

    /// Local noon of a calendar date (noon keeps day arithmetic away from DST edges).
    static func date(of day: CalendarDate, in timeZone: TimeZone) -> Date? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = day.components
        return calendar.date(from: DateComponents(year: parts.year, month: parts.month, day: parts.day, hour: 12))
    }
}
