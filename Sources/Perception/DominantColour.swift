import Camera

/// The dominant colour of a garment crop, measured on its pixels in CIELAB: white-balance, sample the crop's
/// inner part (its edges hold background and skin), cluster (k-means, lightness weighted down so that shading does
/// not split a garment), take the biggest cluster and its least shaded pixels, name their mean.
public struct DominantColour: Sendable, Equatable {
    /// Clusters in the k-means.
    public var clusters = 3
    /// At most this many pixels are sampled from a crop.
    public var maximumSamples = 1600
    /// The inner part sampled: this share of the width is left out at each side, and of the height at top and bottom.
    public var sideMargin = 0.18, verticalMargin = 0.06
    /// Lightness counts this much in the cluster distance (a and b count 1).
    public var lightnessWeight = 0.35
    /// Of the dominant cluster, pixels between these lightness quantiles (least shaded, without highlights).
    public var lowerQuantile = 0.7, upperQuantile = 0.97

    /// The default method.
    public init() {}

    /// Which part of a crop holds the garment's own pixels.
    public enum Sampling: Sendable, Equatable {
        /// The inner part (the crop's sides hold background and arms).
        case inner
        /// The middle strip: a top under open outerwear shows only there.
        case openFront
        /// The outer strips of the lower part: a pair of shoes has floor between the feet and trouser hems or
        /// ankles above them; clusters of the floor's colour (sampled beside the crop) are not taken, nor, given
        /// the trousers' colour, clusters of the hems while another is large enough.
        case pair
    }

    /// Side margin for `openFront`: only the middle strip is sampled.
    public var openFrontSideMargin = 0.36
    /// For `pair`: the strips from this share of the width to `pairInner` at each side …
    public var pairOuter = 0.04, pairInner = 0.4
    /// … from this share of the height down to the bottom.
    public var pairTop = 0.45
    /// For `pair`: a cluster within this CIELAB distance of the floor beside the crop (or of it in shade) is floor.
    public var backgroundDistance = 12.0
    /// For `pair`: clusters, and the weight of lightness in them (shoes differ from the floor and from trouser
    /// hems mostly in lightness: black, white and grey shoes).
    public var pairClusters = 4, pairLightnessWeight = 1.0
    /// For `pair`: the floor in the feet's shade, its lightness and chroma scaled down together to this share, is
    /// floor too.
    public var floorShade = 0.7
    /// For `pair` under long trousers (`hems`): a cluster within this CIELAB distance of the trousers' colour, or
    /// of it in shade down to `floorShade` (the hems' inner side is darker than the trousers), is hem, and is not
    /// taken while a cluster of at least `hemAlternativeShare` of the samples is left; with nothing else that large
    /// the estimate is the trousers' colour, and not `settled`.
    public var hemDistance = 15.0, hemAlternativeShare = 0.1

    /// The estimate for `rect` of `image` (RGB) under `balance`; nil for an empty crop. `hems`, for `pair`: the
    /// colour of long trousers or a jumpsuit worn over the shoes, whose hems fill part of the crop.
    public func estimate(
        _ image: Image, rect: (x: Int, y: Int, width: Int, height: Int), balance: WhiteBalance = .identity,
        sampling: Sampling = .inner, hems: ColourEstimate? = nil
    ) -> ColourEstimate? {
        precondition(image.channels == 3)
        let w = Double(rect.width)
        var columns: [Range<Int>]
        switch sampling {
        case .inner: columns = [Int(w * sideMargin)..<(rect.width - Int(w * sideMargin))]
        case .openFront: columns = [Int(w * openFrontSideMargin)..<(rect.width - Int(w * openFrontSideMargin))]
        case .pair:
            columns = [
                Int(w * pairOuter)..<Int(w * pairInner), (rect.width - Int(w * pairInner))..<(rect.width - Int(w * pairOuter)),
            ]
        }
        columns = columns.filter { !$0.isEmpty }
        var y0 = rect.y + Int(Double(rect.height) * verticalMargin)
        var y1 = rect.y + rect.height - Int(Double(rect.height) * verticalMargin)
        if sampling == .pair {
            y0 = rect.y + Int(Double(rect.height) * pairTop)
            y1 = rect.y + rect.height
        }
        guard !columns.isEmpty, y1 > y0 else { return nil }
        let area = columns.reduce(0) { $0 + $1.count } * (y1 - y0)
        let step = max(1, Int((Double(area) / Double(maximumSamples)).squareRoot().rounded(.up)))
        let samples = Self.labSamples(
            image, columns: columns.map { (rect.x + $0.lowerBound)..<(rect.x + $0.upperBound) }, rows: y0..<y1,
            step: step, balance: balance)
        guard sampling == .pair else { return estimate(samples: samples) }
        // The floor: strips a quarter of the crop wide on each side of it, the same rows.
        let side = max(1, rect.width / 4)
        let beside = [max(0, rect.x - side)..<rect.x, (rect.x + rect.width)..<min(image.width, rect.x + rect.width + side)]
            .filter { !$0.isEmpty }
        let floor = Self.labSamples(image, columns: beside, rows: y0..<y1, step: step, balance: balance)
        guard !floor.isEmpty else { return estimate(samples: samples) }
        let n = Double(floor.count)
        let reference = floor.reduce((l: 0.0, a: 0.0, b: 0.0)) { ($0.l + $1.l / n, $0.a + $1.a / n, $0.b + $1.b / n) }
        return pairMethod.estimate(samples: samples, avoiding: reference, hems: hems.map { ($0.lightness, $0.a, $0.b) })
    }

    /// The clustering `pair` uses on its samples: `pairClusters` clusters, lightness weighed by `pairLightnessWeight`.
    var pairMethod: DominantColour {
        var method = self
        method.clusters = pairClusters
        method.lightnessWeight = pairLightnessWeight
        return method
    }

    /// CIELAB of every `step`-th pixel of `rows` × `columns` (frame coordinates), white-balanced.
    static func labSamples(
        _ image: Image, columns: [Range<Int>], rows: Range<Int>, step: Int, balance: WhiteBalance
    ) -> [(l: Double, a: Double, b: Double)] {
        var samples: [(l: Double, a: Double, b: Double)] = []
        let table = ColourNaming.linearTable
        image.pixels.withUnsafeBufferPointer { p in
            var y = rows.lowerBound
            while y < rows.upperBound {
                for range in columns {
                    var x = range.lowerBound
                    while x < range.upperBound {
                        let i = (y * image.width + x) * 3
                        samples.append(
                            ColourNaming.lab(
                                linearRed: min(1, table[Int(p[i])] * balance.red),
                                green: min(1, table[Int(p[i + 1])] * balance.green),
                                blue: min(1, table[Int(p[i + 2])] * balance.blue)))
                        x += step
                    }
                }
                y += step
            }
        }
        return samples
    }

    /// The estimate for CIELAB samples; nil when there are none. A cluster whose centre lies within
    /// `backgroundDistance` of `avoiding` (the background's colour, or it down to `floorShade` in shade) is not
    /// taken while another is left; one within `hemDistance` of `hems` is not taken while another of
    /// `hemAlternativeShare` is left.
    public func estimate(
        samples: [(l: Double, a: Double, b: Double)], avoiding background: (l: Double, a: Double, b: Double)? = nil,
        hems: (l: Double, a: Double, b: Double)? = nil
    ) -> ColourEstimate? {
        guard !samples.isEmpty else { return nil }
        let k = min(clusters, samples.count)
        let w = lightnessWeight
        func distance(_ p: (l: Double, a: Double, b: Double), _ q: (l: Double, a: Double, b: Double)) -> Double {
            let dl = w * (p.l - q.l), da = p.a - q.a, db = p.b - q.b
            return dl * dl + da * da + db * db
        }
        // Deterministic farthest-point start: the sample nearest the mean, then the farthest from those chosen.
        let mean = samples.reduce((l: 0.0, a: 0.0, b: 0.0)) { ($0.l + $1.l, $0.a + $1.a, $0.b + $1.b) }
        let n = Double(samples.count)
        let centre = (l: mean.l / n, a: mean.a / n, b: mean.b / n)
        var centres = [samples.min { distance($0, centre) < distance($1, centre) }!]
        while centres.count < k {
            let far = samples.max { a, b in
                centres.map { distance(a, $0) }.min()! < centres.map { distance(b, $0) }.min()!
            }!
            centres.append(far)
        }
        var assignment = [Int](repeating: 0, count: samples.count)
        for _ in 0..<10 {
            var sums = [(l: Double, a: Double, b: Double, n: Int)](repeating: (0, 0, 0, 0), count: k)
            for (i, s) in samples.enumerated() {
                var best = 0, bestDistance = Double.infinity
                for (c, centre) in centres.enumerated() {
                    let d = distance(s, centre)
                    if d < bestDistance {
                        bestDistance = d
                        best = c
                    }
                }
                assignment[i] = best
                sums[best].l += s.l
                sums[best].a += s.a
                sums[best].b += s.b
                sums[best].n += 1
            }
            for c in 0..<k where sums[c].n > 0 {
                let m = Double(sums[c].n)
                centres[c] = (sums[c].l / m, sums[c].a / m, sums[c].b / m)
            }
        }
        var counts = [Int](repeating: 0, count: k)
        for c in assignment { counts[c] += 1 }
        var eligible = counts.indices.filter { counts[$0] > 0 }
        // Distance from p to q scaled by shade...1 (q in shade: lightness and chroma scaled down together).
        func distanceToShaded(
            _ p: (l: Double, a: Double, b: Double), _ q: (l: Double, a: Double, b: Double), _ shade: Double
        ) -> Double {
            let norm = q.l * q.l + q.a * q.a + q.b * q.b
            let k = norm > 0 ? min(1, max(shade, (p.l * q.l + p.a * q.a + p.b * q.b) / norm)) : 1
            let dl = p.l - k * q.l, da = p.a - k * q.a, db = p.b - k * q.b
            return (dl * dl + da * da + db * db).squareRoot()
        }
        var settled = true
        if let background {
            let garment = eligible.filter { c in distanceToShaded(centres[c], background, floorShade) >= backgroundDistance }
            if garment.isEmpty { settled = false } else { eligible = garment }
        }
        if let hems {
            let shoes = eligible.filter { c in
                distanceToShaded(centres[c], hems, floorShade) >= hemDistance && Double(counts[c]) >= hemAlternativeShare * n
            }
            if shoes.isEmpty { settled = false } else { eligible = shoes }
        }
        let dominant = eligible.max { counts[$0] < counts[$1] }!
        var members = samples.indices.filter { assignment[$0] == dominant }.map { samples[$0] }
        members.sort { $0.l < $1.l }
        let lo = min(members.count - 1, Int(Double(members.count) * lowerQuantile))
        let hi = max(lo + 1, min(members.count, Int((Double(members.count) * upperQuantile).rounded(.up))))
        let chosen = members[lo..<hi]
        let m = Double(chosen.count)
        let l = chosen.reduce(0) { $0 + $1.l } / m, a = chosen.reduce(0) { $0 + $1.a } / m
        let b = chosen.reduce(0) { $0 + $1.b } / m
        return ColourEstimate(
            name: ColourNaming.name(lightness: l, a: a, b: b), lightness: l, a: a, b: b,
            share: Double(counts[dominant]) / n, settled: settled)
    }
}
