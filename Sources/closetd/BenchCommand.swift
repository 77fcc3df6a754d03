import ArgumentParser
import Foundation
import Recommender

#if canImport(Glibc)
    import Glibc
#endif

/// `closetd bench …`: benchmarks that print their figures (release builds only give meaningful numbers).
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure closetd's hot paths.",
        subcommands: [Recommend.self]
    )

    /// `closetd bench recommend --items N`: median time for the top 3 on a random closet.
    struct Recommend: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Median milliseconds for the top-3 recommendation on a random closet of N items (single thread).")

        @OptionGroup var global: GlobalOptions

        @Option(help: "Items in the random closet.")
        var items = 500

        @Option(help: "Timed runs (the median is reported).")
        var runs = 21

        @Option(help: "Embedding length of the random items.")
        var dimension = 32

        @Option(help: "Seed of the random closet.")
        var seed: UInt64 = 1

        @Option(help: "Standard deviation of the random model's weights (how strongly the learned part speaks).")
        var learnedStrength = 0.3

        @Flag(help: "Score with an untrained model (rules only) instead of a random trained one.")
        var rulesOnly = false

        @Flag(
            help: "A closet just taken into use: nothing worn yet, everything clean, colours by name only (many ties).")
        var fresh = false

        @Flag(help: "Also print the recommendation's outfit/today JSON.")
        var json = false

        func validate() throws {
            guard items > 0 else { throw ValidationError("--items must be positive") }
            guard runs > 0 else { throw ValidationError("--runs must be positive") }
            guard dimension > 0 && dimension <= 1024 else { throw ValidationError("--dimension must be 1...1024") }
        }

        func run() throws {
            CompatibilityModel.useSingleThread()
            let day = Date(timeIntervalSince1970: 1_790_000_000)
            var rng = SeededGenerator(seed: seed)
            var closet = SyntheticCloset.make(items: items, embeddingDimension: dimension, on: day, using: &rng)
            if fresh {
                for i in closet.indices {
                    closet[i].lastWorn = nil
                    closet[i].wearCount = 0
                    closet[i].isClean = true
                    closet[i].colour.measured = nil
                    closet[i].preference = 0
                }
            }
            let model =
                rulesOnly
                ? nil : RecommenderBenchmark.randomModel(dimension: dimension, strength: learnedStrength, using: &rng)
            let recommender = Recommender(model: model)
            let weather = Weather(
                date: day, timeZone: TimeZone(identifier: "UTC")!, temperatureCelsius: 12, isRaining: false)
            let result = RecommenderBenchmark.measure(
                recommender: recommender, closet: closet, weather: weather, runs: runs,
                threadCPUNanoseconds: threadCPUNanoseconds)
            let available = closet.filter(\.isAvailable).count
            print(
                "recommend top 3: \(items) items (\(available) usable), \(result.combinations) outfit combinations, "
                    + "learned part \(rulesOnly ? "off" : "on")")
            print(
                String(
                    format: "  median %.2f ms (min %.2f, max %.2f) over %d runs", result.median, result.min, result.max,
                    runs))
            print(String(format: "  of which score tables %.2f ms (median)", result.tablesMedian))
            if let cpu = result.cpuMedian {
                print(
                    String(
                        format: "  thread CPU time median %.2f ms (wall time includes waiting for a shared core)", cpu))
            }
            print("  search: \(result.nodes) nodes, \(result.leaves) outfits scored")
            if json {
                let recommendation = recommender.recommend(closet: closet, weather: weather, id: "bench")
                print(String(decoding: try recommendation.jsonData(), as: UTF8.self))
            }
            if let ratio = result.exhaustiveRatio {
                print(String(format: "  exhaustive search median %.2f ms: %.1fx slower", ratio.exhaustive, ratio.ratio))
            } else {
                print("  exhaustive search not run (over \(RecommenderBenchmark.exhaustiveLimit) combinations)")
            }
        }
    }
}

/// This thread's CPU time in nanoseconds.
private func threadCPUNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}
