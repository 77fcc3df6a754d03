import COpenBLAS
import Foundation

/// Learned compatibility of items: a symmetric bilinear form on unit-length item embeddings.
///
/// The pair score of items i and j is e_iᵀ W e_j; an outfit's learned score is the sum over its pairs. W is a full
/// d × d matrix (d is the recogniser's embedding length, small: 16–128), starts at zero — so with no history the
/// learned part is exactly 0 and the rules alone decide — and is trained online by `CompatibilityTrainer` with a
/// pairwise logistic loss. OpenBLAS does the matrix work (`sgemm` for pair tables, `sger`/`sgemv` for training).
/// Saving and loading live in `CompatibilityModelFile`.
public struct CompatibilityModel: Sendable, Equatable {
    /// The embedding length the model was made for.
    public let dimension: Int
    /// W, row-major, symmetric.
    public private(set) var weights: [Float]
    /// How many training steps the model has taken (0: untrained, the learned part is 0).
    public private(set) var trainingSteps: Int

    /// A zero (untrained) model for embeddings of `dimension` values.
    public init(dimension: Int) {
        precondition(dimension > 0, "a compatibility model needs a positive embedding dimension")
        self.dimension = dimension
        self.weights = [Float](repeating: 0, count: dimension * dimension)
        self.trainingSteps = 0
    }

    /// A model from saved weights; `weights.count` must be `dimension²`.
    public init(dimension: Int, weights: [Float], trainingSteps: Int) {
        precondition(dimension > 0 && weights.count == dimension * dimension, "weights must be dimension²")
        self.dimension = dimension
        self.weights = weights
        self.trainingSteps = trainingSteps
    }

    /// Whether the model has learned anything yet.
    public var isTrained: Bool { trainingSteps > 0 }

    /// The unit-length copy of an embedding, or zeros when its length is not `dimension` or it is all zeros
    /// (such an item simply gets no learned score).
    public func normalised(_ embedding: [Float]) -> [Float] {
        guard embedding.count == dimension else { return [Float](repeating: 0, count: dimension) }
        var norm: Float = 0
        for value in embedding { norm += value * value }
        guard norm > 0, norm.isFinite else { return [Float](repeating: 0, count: dimension) }
        let scale = 1 / norm.squareRoot()
        return embedding.map { $0 * scale }
    }

    /// e_aᵀ W e_b for two already normalised embeddings.
    public func pairScore(_ a: [Float], _ b: [Float]) -> Float {
        precondition(a.count == dimension && b.count == dimension)
        var product = [Float](repeating: 0, count: dimension)
        let d = Int32(dimension)
        weights.withUnsafeBufferPointer { w in
            b.withUnsafeBufferPointer { bp in
                product.withUnsafeMutableBufferPointer { out in
                    cblas_sgemv(
                        CblasRowMajor, CblasNoTrans, d, d, 1, w.baseAddress, d, bp.baseAddress, 1, 0,
                        out.baseAddress, 1)
                }
            }
        }
        return a.withUnsafeBufferPointer { ap in
            product.withUnsafeBufferPointer { cblas_sdot(d, ap.baseAddress, 1, $0.baseAddress, 1) }
        }
    }

    /// The sum over all pairs of an outfit's (normalised) embeddings: ½ (sᵀ W s − Σ e_iᵀ W e_i) with s = Σ e_i.
    public func outfitScore(_ embeddings: [[Float]]) -> Float {
        guard embeddings.count >= 2 else { return 0 }
        var sum = [Float](repeating: 0, count: dimension)
        var diagonal: Float = 0
        for e in embeddings {
            for k in 0..<dimension { sum[k] += e[k] }
            diagonal += pairScore(e, e)
        }
        return 0.5 * (pairScore(sum, sum) - diagonal)
    }

    /// The pair table T[r][c] = scale · rows[r]ᵀ W columns[c] (normalised embeddings), row-major
    /// rows.count × columns.count, computed as (R W) Cᵀ with two `sgemm` calls.
    public func pairTable(rows: [[Float]], columns: [[Float]], scale: Float = 1) -> [Float] {
        let m = rows.count
        let n = columns.count
        let d = dimension
        guard m > 0, n > 0 else { return [] }
        let r = rows.flatMap { $0 }
        let c = columns.flatMap { $0 }
        precondition(r.count == m * d && c.count == n * d)
        var rw = [Float](repeating: 0, count: m * d)
        var table = [Float](repeating: 0, count: m * n)
        weights.withUnsafeBufferPointer { w in
            r.withUnsafeBufferPointer { rp in
                rw.withUnsafeMutableBufferPointer { out in
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(d), Int32(d), 1,
                        rp.baseAddress, Int32(d), w.baseAddress, Int32(d), 0, out.baseAddress, Int32(d))
                }
            }
        }
        rw.withUnsafeBufferPointer { rwp in
            c.withUnsafeBufferPointer { cp in
                table.withUnsafeMutableBufferPointer { out in
                    cblas_sgemm(
                        CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(d), scale,
                        rwp.baseAddress, Int32(d), cp.baseAddress, Int32(d), 0, out.baseAddress, Int32(n))
                }
            }
        }
        return table
    }

    /// One step of the pairwise logistic loss −log σ(f(better) − f(worse)) with L2 decay; returns the loss before
    /// the step.
    ///
    /// ∂f(O)/∂W = ½ (s sᵀ − Σ e_i e_iᵀ) with s = Σ e_i (symmetric), applied with rank-1 `sger` updates.
    @discardableResult
    public mutating func step(better: [[Float]], worse: [[Float]], learningRate: Float, decay: Float) -> Float {
        let margin = outfitScore(better) - outfitScore(worse)
        let loss = margin > 20 ? Float(0) : log(1 + exp(-margin))
        let gradientScale = 1 / (1 + exp(margin))  // σ(−margin)
        let d = Int32(dimension)
        weights.withUnsafeMutableBufferPointer { w in
            if decay > 0 { cblas_sscal(d * d, 1 - learningRate * decay, w.baseAddress, 1) }
            func add(_ outfit: [[Float]], _ sign: Float) {
                guard outfit.count >= 2 else { return }
                let alpha = sign * learningRate * gradientScale * 0.5
                var sum = [Float](repeating: 0, count: dimension)
                for e in outfit {
                    for k in 0..<dimension { sum[k] += e[k] }
                    e.withUnsafeBufferPointer { ep in
                        cblas_sger(CblasRowMajor, d, d, -alpha, ep.baseAddress, 1, ep.baseAddress, 1, w.baseAddress, d)
                    }
                }
                sum.withUnsafeBufferPointer { sp in
                    cblas_sger(CblasRowMajor, d, d, alpha, sp.baseAddress, 1, sp.baseAddress, 1, w.baseAddress, d)
                }
            }
            add(better, 1)
            add(worse, -1)
            // sger rounds (αx_i)y_j and (αx_j)y_i differently: restore exact symmetry.
            for r in 0..<dimension {
                for c in (r + 1)..<dimension {
                    let mean = (w[r * dimension + c] + w[c * dimension + r]) * 0.5
                    w[r * dimension + c] = mean
                    w[c * dimension + r] = mean
                }
            }
        }
        trainingSteps += 1
        return loss
    }

    /// Limits OpenBLAS to one thread (benchmarks measure single-thread figures; the daemon shares 2 cores).
    public static func useSingleThread() {
        openblas_set_num_threads(1)
    }
}
