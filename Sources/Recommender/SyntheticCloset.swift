import Foundation

/// Random but plausible closets, for the benchmark and the simulations in the tests.
public enum SyntheticCloset {
    /// A closet of `items` garments: categories in realistic proportions, half of the colours neutral, some bold
    /// patterns, random wear history over the last 90 days, ~85 % clean, ~3 % archived, random embeddings.
    public static func make(
        items: Int, embeddingDimension: Int = 32, on date: Date, using rng: inout SeededGenerator
    ) -> [Garment] {
        let categories: [(GarmentCategory, Double)] = [
            (.tShirts, 10), (.tops, 7), (.shirts, 8), (.blouses, 5), (.pants, 8), (.jeans, 8), (.shorts, 4),
            (.skirts, 5), (.dresses, 7), (.jumpsuits, 3), (.jackets, 7), (.coats, 5), (.shoes, 12), (.bags, 3),
            (.accessories, 3),
        ]
        let totalWeight = categories.reduce(0) { $0 + $1.1 }
        let neutrals = ["black", "white", "grey", "navy", "brown", "beige", "denim"]
        let colours = [
            "red", "burgundy", "orange", "yellow", "olive", "green", "teal", "light blue", "blue", "purple", "pink",
        ]
        var closet: [Garment] = []
        for index in 0..<items {
            var pick = Double.random(in: 0..<totalWeight, using: &rng)
            var category = GarmentCategory.tShirts
            for (candidate, weight) in categories {
                if pick < weight {
                    category = candidate
                    break
                }
                pick -= weight
            }
            let colourName =
                Bool.random(using: &rng)
                ? neutrals.randomElement(using: &rng)! : colours.randomElement(using: &rng)!
            var measured: SRGBColour? = nil
            if let base = ColourNames.table[colourName], Double.random(in: 0..<1, using: &rng) < 0.5 {
                func jitter(_ v: Double) -> Double { v + Double.random(in: -0.05...0.05, using: &rng) }
                measured = SRGBColour(red: jitter(base.red), green: jitter(base.green), blue: jitter(base.blue))
            }
            let patternDraw = Double.random(in: 0..<1, using: &rng)
            let pattern: GarmentPattern = patternDraw < 0.7 ? .solid : patternDraw < 0.88 ? .subtle : .bold
            let lastWorn: Date? =
                Double.random(in: 0..<1, using: &rng) < 0.2
                ? nil : date.addingTimeInterval(-86_400 * Double(Int.random(in: 1...90, using: &rng)))
            let embedding = (0..<embeddingDimension).map { _ in Float(rng.nextGaussian()) }
            closet.append(
                Garment(
                    id: "item\(index)", name: "\(colourName) \(category.rawValue) \(index)", category: category,
                    colour: GarmentColour(name: colourName, measured: measured), pattern: pattern,
                    embedding: embedding, lastWorn: lastWorn,
                    wearCount: lastWorn == nil ? 0 : Int.random(in: 1...30, using: &rng),
                    isClean: Double.random(in: 0..<1, using: &rng) < 0.85,
                    isArchived: Double.random(in: 0..<1, using: &rng) < 0.03,
                    preference: Double.random(in: 0..<1, using: &rng) < 0.1 ? Double.random(in: -1...1, using: &rng) : 0
                ))
        }
        return closet
    }
}
