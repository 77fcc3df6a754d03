import Foundation

@testable import Recommender

/// Shared helpers: random closets, days and models for the tests.
enum TestClosets {
    static let day0 = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21 (autumn)
    static let utc = TimeZone(identifier: "UTC")!

    /// A random closet of `items` garments (bags and accessories included: they must never appear).
    static func closet(items: Int, seed: UInt64, dimension: Int = 8) -> [Garment] {
        var rng = SeededGenerator(seed: seed)
        return SyntheticCloset.make(items: items, embeddingDimension: dimension, on: day0, using: &rng)
    }

    /// Random weather: a temperature in -8...32 °C (or none: the season decides), rain one day in four.
    static func weather(seed: UInt64) -> Weather {
        var rng = SeededGenerator(seed: seed ^ 0xA5A5)
        let temperature: Double? =
            Double.random(in: 0..<1, using: &rng) < 0.15 ? nil : Double(Int.random(in: -8...32, using: &rng))
        let month = Int.random(in: 0..<12, using: &rng)
        return Weather(
            date: day0.addingTimeInterval(Double(month) * 30 * 86_400), timeZone: utc,
            temperatureCelsius: temperature, isRaining: Double.random(in: 0..<1, using: &rng) < 0.25)
    }

    /// A "trained" model with random symmetric weights, so the learned part is not zero.
    static func randomModel(dimension: Int, seed: UInt64) -> CompatibilityModel {
        var rng = SeededGenerator(seed: seed ^ 0x5EED)
        var weights = [Float](repeating: 0, count: dimension * dimension)
        for r in 0..<dimension {
            for c in r..<dimension {
                let value = Float(rng.nextGaussian()) * 0.3
                weights[r * dimension + c] = value
                weights[c * dimension + r] = value
            }
        }
        return CompatibilityModel(dimension: dimension, weights: weights, trainingSteps: 1)
    }
}
