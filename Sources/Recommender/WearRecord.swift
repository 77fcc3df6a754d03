import Foundation

/// One outfit the person actually wore (from the inventory's wear log): a positive example for learning.
public struct WearRecord: Codable, Sendable, Hashable {
    public var date: Date
    /// The items worn together, by inventory id.
    public var itemIDs: [String]

    public init(date: Date, itemIDs: [String]) {
        self.date = date
        self.itemIDs = itemIDs
    }
}
