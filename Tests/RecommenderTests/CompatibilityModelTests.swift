import Foundation
import Testing

@testable import Recommender

@Suite struct CompatibilityModelTests {
    func randomEmbeddings(_ count: Int, dimension: Int, seed: UInt64) -> [[Float]] {
        var rng = SeededGenerator(seed: seed)
        let model = CompatibilityModel(dimension: dimension)
        return (0..<count).map { _ in model.normalised((0..<dimension).map { _ in Float(rng.nextGaussian()) }) }
    }

    /// The sgemm pair table equals e_aᵀ W e_b computed pair by pair, and the outfit score equals the sum of pairs.
    @Test func blasTablesMatchPairByPair() {
        let model = TestClosets.randomModel(dimension: 12, seed: 7)
        let rows = randomEmbeddings(9, dimension: 12, seed: 1)
        let columns = randomEmbeddings(5, dimension: 12, seed: 2)
        let table = model.pairTable(rows: rows, columns: columns, scale: 2)
        for r in 0..<9 {
            for c in 0..<5 {
                var reference: Float = 0
                for i in 0..<12 {
                    for j in 0..<12 { reference += rows[r][i] * model.weights[i * 12 + j] * columns[c][j] }
                }
                #expect(abs(table[r * 5 + c] - 2 * reference) < 1e-4)
            }
        }
        let outfit = Array(rows[0..<4])
        var sum: Float = 0
        for a in 0..<4 {
            for b in (a + 1)..<4 { sum += model.pairScore(outfit[a], outfit[b]) }
        }
        #expect(abs(model.outfitScore(outfit) - sum) < 1e-4)
    }

    /// With no history the learned part is exactly zero: the rules alone decide.
    @Test func untrainedModelAddsNothing() {
        let closet = TestClosets.closet(items: 50, seed: 3)
        let weather = Weather(date: TestClosets.day0, timeZone: TestClosets.utc, temperatureCelsius: 12)
        let withModel = Recommender(model: CompatibilityModel(dimension: 8)).recommend(
            closet: closet, weather: weather, id: "x")
        let withoutModel = Recommender().recommend(closet: closet, weather: weather, id: "x")
        #expect(withModel == withoutModel)
        #expect(withModel.outfits.allSatisfy { $0.parts.learned == 0 })
    }

    /// Training on "a+b is worn, a+c is the contrast" raises a+b above a+c and lowers the loss.
    @Test func stepsLearnThePreferredPair() {
        let e = randomEmbeddings(3, dimension: 6, seed: 11)
        var model = CompatibilityModel(dimension: 6)
        let first = model.step(better: [e[0], e[1]], worse: [e[0], e[2]], learningRate: 0.5, decay: 0)
        var last = first
        for _ in 0..<50 { last = model.step(better: [e[0], e[1]], worse: [e[0], e[2]], learningRate: 0.5, decay: 0) }
        #expect(last < first)
        #expect(model.pairScore(e[0], e[1]) > model.pairScore(e[0], e[2]))
        #expect(model.trainingSteps == 51)
        for r in 0..<6 {
            for c in 0..<6 { #expect(model.weights[r * 6 + c] == model.weights[c * 6 + r]) }
        }
    }

    @Test func wrongLengthEmbeddingsScoreZero() {
        let model = TestClosets.randomModel(dimension: 4, seed: 1)
        #expect(model.normalised([1, 2, 3]) == [0, 0, 0, 0])
        #expect(model.normalised([0, 0, 0, 0]) == [0, 0, 0, 0])
        #expect(model.normalised([.nan, 1, 1, 1]) == [0, 0, 0, 0])
    }
}
