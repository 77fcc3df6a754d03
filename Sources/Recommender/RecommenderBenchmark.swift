import Foundation

/// Timing of `Recommender.recommend` for `closetd bench recommend`, raced against the exhaustive search when the
/// closet is small enough for it.
public enum RecommenderBenchmark {
    /// The exhaustive peer only runs below this many outfit combinations.
    public static let exhaustiveLimit = 3_000_000

    /// Median, min and max milliseconds of `recommend` (top 3), and the exhaustive peer's median when it ran.
    public struct Result: Sendable {
        public var median: Double
        public var min: Double
        public var max: Double
        /// Median CPU milliseconds of the calling thread per call, when a CPU clock was given: less disturbed than
        /// wall time when other work shares the cores.
        public var cpuMedian: Double?
        public var combinations: Int
        /// Median milliseconds of building the day's score tables alone (part of `median`).
        public var tablesMedian: Double
        /// Search tree nodes and scored leaves of one top-3 search.
        public var nodes: Int
        public var leaves: Int
        public var exhaustiveRatio: (exhaustive: Double, ratio: Double)?
    }

    /// Measures `runs` calls of `recommend(closet:weather:)` (tables + search + explanations).
    /// - Parameter threadCPUNanoseconds: the calling thread's CPU clock (the portable core cannot read it itself).
    public static func measure(
        recommender: Recommender, closet: [Garment], weather: Weather, runs: Int,
        threadCPUNanoseconds: (() -> UInt64)? = nil
    ) -> Result {
        _ = recommender.recommend(closet: closet, weather: weather)  // warm-up
        var times: [Double] = []
        var cpuTimes: [Double] = []
        for _ in 0..<runs {
            let cpuStart = threadCPUNanoseconds?() ?? 0
            let start = DispatchTime.now().uptimeNanoseconds
            _ = recommender.recommend(closet: closet, weather: weather)
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            if let threadCPUNanoseconds { cpuTimes.append(Double(threadCPUNanoseconds() - cpuStart) / 1e6) }
        }
        times.sort()
        cpuTimes.sort()
        let tables = ScoreTables(
            closet: closet, weather: weather, settings: recommender.settings, model: recommender.model)
        let combinations = tables.templates.reduce(0) { total, template in
            total + template.slots.reduce(1) { $0 * tables.items[$1.index].count }
        }
        var tableTimes: [Double] = []
        for _ in 0..<runs {
            let start = DispatchTime.now().uptimeNanoseconds
            _ = ScoreTables(closet: closet, weather: weather, settings: recommender.settings, model: recommender.model)
            tableTimes.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
        }
        tableTimes.sort()
        var statistics = OutfitSearch.Statistics()
        _ = OutfitSearch.topOutfits(tables, count: 3, statistics: &statistics)
        var ratio: (Double, Double)? = nil
        if combinations <= exhaustiveLimit {
            var peer: [Double] = []
            for _ in 0..<max(3, runs / 4) {
                let start = DispatchTime.now().uptimeNanoseconds
                let tables = ScoreTables(
                    closet: closet, weather: weather, settings: recommender.settings, model: recommender.model)
                let found = ExhaustiveSearch.topOutfits(tables, count: 3)
                peer.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
                precondition(found == OutfitSearch.topOutfits(tables, count: 3), "search differs from brute force")
            }
            peer.sort()
            let median = peer[peer.count / 2]
            ratio = (median, median / times[times.count / 2])
        }
        return Result(
            median: times[times.count / 2], min: times.first!, max: times.last!,
            cpuMedian: cpuTimes.isEmpty ? nil : cpuTimes[cpuTimes.count / 2], combinations: combinations,
            tablesMedian: tableTimes[tableTimes.count / 2], nodes: statistics.nodes, leaves: statistics.leaves,
            exhaustiveRatio: ratio)
    }

    /// A random symmetric model standing in for a trained one; `strength` is its weights' standard deviation.
    public static func randomModel(
        dimension: Int, strength: Double = 0.3, using rng: inout SeededGenerator
    ) -> CompatibilityModel {
        var weights = [Float](repeating: 0, count: dimension * dimension)
        for r in 0..<dimension {
            for c in r..<dimension {
                let value = Float(rng.nextGaussian() * strength)
                weights[r * dimension + c] = value
                weights[c * dimension + r] = value
            }
        }
        return CompatibilityModel(dimension: dimension, weights: weights, trainingSteps: 1)
    }
}
