/// An item re-identification embedding, L2-normalised (the model's raw output is not), compared by cosine similarity.
public struct GarmentEmbedding: Sendable, Equatable {
    /// Unit length (or all zeros when the raw vector was zero).
    public private(set) var values: [Float]

    /// Normalises `raw`; non-finite values count as 0.
    public init(raw: [Float]) {
        let clean = raw.map { $0.isFinite ? $0 : 0 }
        let norm = clean.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
        values = norm > 0 ? clean.map { Float(Double($0) / norm) } : clean
    }

    /// Cosine similarity with another embedding (0 when the lengths differ or one is zero).
    public func cosine(_ other: GarmentEmbedding) -> Double { Self.cosine(values, other.values) }

    /// Cosine similarity of two vectors (0 when the lengths differ or one is zero).
    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var dot = 0.0, na = 0.0, nb = 0.0
        for i in a.indices {
            dot += Double(a[i]) * Double(b[i])
            na += Double(a[i]) * Double(a[i])
            nb += Double(b[i]) * Double(b[i])
        }
        guard na > 0, nb > 0 else { return 0 }
        return dot / (na.squareRoot() * nb.squareRoot())
    }

    /// The normalised mean of several embeddings (their direction of agreement).
    public static func mean(_ embeddings: [GarmentEmbedding]) -> GarmentEmbedding? {
        guard let first = embeddings.first else { return nil }
        var sum = [Float](repeating: 0, count: first.values.count)
        for e in embeddings where e.values.count == sum.count {
            for i in sum.indices { sum[i] += e.values[i] }
        }
        return GarmentEmbedding(raw: sum)
    }
}
