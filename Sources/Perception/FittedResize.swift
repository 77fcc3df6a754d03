import Camera

/// Scales a rectangle of an RGB image to fit a model input, centred on black, the way the models' training data
/// was made (Pillow's bilinear resize): when it shrinks, the triangle filter widens with the scale, so a frame
/// shrunk to a third is averaged rather than sampled. A two-tap bilinear shrink aliases fine patterns and noise;
/// on the pose model's held-out frames that cost 5 points of PCK (0.911 → 0.863).
///
/// Prepared once per crop size (tap tables), then run per image.
struct FittedResize {
    /// Every output column's (or row's) source taps, flattened: output i reads `count[i]` source pixels from
    /// `first[i]` with the weights at `weights[start[i]...]`, normalised, and cut to the source's size.
    struct Taps {
        let first: [Int]
        let count: [Int]
        let start: [Int]
        let weights: [Float]
        /// Every output has this many taps (padded with zero weights inside the source), or nil when the source
        /// is too small for that. Adding the exact zero products changes no sum, and equal counts let several
        /// outputs be summed side by side.
        let uniform: Int?
    }

    /// The crop's size this was prepared for.
    let outputWidth: Int, outputHeight: Int
    let sourceWidth: Int, sourceHeight: Int
    /// Where the scaled crop lands in the output (LetterboxMapping's rule).
    let mapping: LetterboxMapping
    private let columns: Taps, rows: Taps

    init(sourceWidth: Int, sourceHeight: Int, outputWidth: Int, outputHeight: Int) {
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
        self.outputWidth = outputWidth
        self.outputHeight = outputHeight
        mapping = LetterboxMapping(
            frameWidth: sourceWidth, frameHeight: sourceHeight, inputWidth: outputWidth, inputHeight: outputHeight)
        columns = Self.taps(from: sourceWidth, to: mapping.placementWidth)
        rows = Self.taps(from: sourceHeight, to: mapping.placementHeight)
    }

    static func taps(from input: Int, to output: Int) -> Taps {
        let scale = Double(input) / Double(output)
        let filterScale = max(scale, 1)
        let support = filterScale
        var first: [Int] = [], count: [Int] = [], start: [Int] = [], all: [Float] = []
        for i in 0..<output {
            let centre = (Double(i) + 0.5) * scale
            let from = max(Int(centre - support + 0.5), 0)
            let end = min(Int(centre + support + 0.5), input)
            var weights = (from..<max(end, from + 1)).map { x -> Double in
                max(0, 1 - abs((Double(x) - centre + 0.5) / filterScale))
            }
            let total = weights.reduce(0, +)
            if total > 0 { weights = weights.map { $0 / total } } else { weights = [1] }
            let at = min(from, input - 1)
            first.append(at)
            count.append(min(weights.count, input - at))  // taps past the source's edge are dropped
            start.append(all.count)
            all += weights.prefix(count[count.count - 1]).map(Float.init)
        }
        let widest = count.max() ?? 0
        guard widest <= input, widest > 0 else {
            return Taps(first: first, count: count, start: start, weights: all, uniform: nil)
        }
        var padded: [Float] = []
        padded.reserveCapacity(widest * output)
        var paddedFirst: [Int] = []
        for i in 0..<output {
            let shifted = min(first[i], input - widest)  // stay inside the source: zeros before the real taps
            let before = first[i] - shifted
            padded += [Float](repeating: 0, count: before)
            padded += all[start[i]..<(start[i] + count[i])]
            padded += [Float](repeating: 0, count: widest - before - count[i])
            paddedFirst.append(shifted)
        }
        return Taps(first: paddedFirst, count: [Int](repeating: widest, count: output),
                    start: (0..<output).map { $0 * widest }, weights: padded, uniform: widest)
    }

    func resize(_ image: Image, crop: (x: Int, y: Int, width: Int, height: Int)) -> [UInt8] {
        precondition(crop.width == sourceWidth && crop.height == sourceHeight && image.channels == 3)
        precondition(crop.x >= 0 && crop.y >= 0 && crop.x + crop.width <= image.width && crop.y + crop.height <= image.height)
        let placedWidth = mapping.placementWidth
        // Horizontal pass over the crop's rows, rounded to bytes as Pillow does between its passes.
        // One spare byte: the last pixel is read as 4 bytes too.
        var across = [UInt8](repeating: 0, count: sourceHeight * placedWidth * 3 + 1)
        var out = [UInt8](repeating: 0, count: outputWidth * outputHeight * 3)
        image.pixels.withUnsafeBufferPointer { pixels in
            across.withUnsafeMutableBufferPointer { across in
                Self.withTaps(columns) { first, count, start, weights in
                    for y in 0..<sourceHeight {
                        let row = pixels.baseAddress! + (crop.y + y) * image.rowBytes + crop.x * 3
                        let target = across.baseAddress! + y * placedWidth * 3
                        // A pixel is read as 4 bytes (RGB and the next byte, unused): not on the image's last row,
                        // where the 4th byte of the last pixel would be past the buffer.
                        let wide = crop.y + y + 1 < image.height
                        var i = 0
                        if wide, let n = columns.uniform {
                            // Four columns side by side: four independent sums hide the adds' latency.
                            while i + 4 <= placedWidth {
                                let p = Self.sum4(row + first[i] * 3, row + first[i + 1] * 3, row + first[i + 2] * 3,
                                                  row + first[i + 3] * 3, step: 3,
                                                  (weights + start[i], weights + start[i + 1], weights + start[i + 2],
                                                   weights + start[i + 3]), n)
                                Self.store(p, to: target + 3 * i)
                                i += 4
                            }
                        }
                        for i in i..<placedWidth {
                            let p = Self.sum(row + first[i] * 3, step: 3, weights + start[i], count[i], wide: wide)
                            Self.store(p, to: target + 3 * i)
                        }
                    }
                }
            }
        }
        across.withUnsafeBufferPointer { across in
            out.withUnsafeMutableBufferPointer { out in
                Self.withTaps(rows) { first, count, start, weights in
                    let rowBytes = placedWidth * 3
                    for j in 0..<mapping.placementHeight {
                        let target = out.baseAddress! + ((mapping.placementY + j) * outputWidth + mapping.placementX) * 3
                        let top = across.baseAddress! + first[j] * rowBytes
                        let w = weights + start[j]
                        var i = 0
                        while i + 4 <= placedWidth {  // four columns, the same weights
                            let at = top + 3 * i
                            let p = Self.sum4(at, at + 3, at + 6, at + 9, step: rowBytes, (w, w, w, w), count[j])
                            Self.store(p, to: target + 3 * i)
                            i += 4
                        }
                        for i in i..<placedWidth {
                            let p = Self.sum(top + 3 * i, step: rowBytes, w, count[j], wide: true)
                            Self.store(p, to: target + 3 * i)
                        }
                    }
                }
            }
        }
        return out
    }

    /// The weighted sum of `count` RGB pixels `step` bytes apart, per channel in tap order (x, y, z = R, G, B):
    /// the same additions, in the same order, as three scalar sums, four lanes at a time. `wide` allows reading one
    /// byte past each pixel.
    @inline(__always)
    private static func sum(_ pixel: UnsafePointer<UInt8>, step: Int, _ weights: UnsafePointer<Float>, _ count: Int,
                            wide: Bool) -> SIMD4<Float> {
        var acc = SIMD4<Float>()
        var at = UnsafeRawPointer(pixel)
        if wide {
            for t in 0..<count {
                let bytes = at.loadUnaligned(as: SIMD4<UInt8>.self)
                acc += weights[t] * SIMD4<Float>(SIMD4<Int32>(truncatingIfNeeded: bytes))
                at += step
            }
        } else {
            for t in 0..<count {
                let p = at.assumingMemoryBound(to: UInt8.self)
                acc += weights[t] * SIMD4<Float>(Float(p[0]), Float(p[1]), Float(p[2]), 0)
                at += step
            }
        }
        return acc
    }

    /// Four `sum`s side by side (each reads one byte past its pixels).
    @inline(__always)
    private static func sum4(
        _ p0: UnsafePointer<UInt8>, _ p1: UnsafePointer<UInt8>, _ p2: UnsafePointer<UInt8>, _ p3: UnsafePointer<UInt8>,
        step: Int,
        _ w: (UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>, UnsafePointer<Float>), _ count: Int
    ) -> (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>) {
        var a0 = SIMD4<Float>(), a1 = a0, a2 = a0, a3 = a0
        var at0 = UnsafeRawPointer(p0), at1 = UnsafeRawPointer(p1), at2 = UnsafeRawPointer(p2)
        var at3 = UnsafeRawPointer(p3)
        for t in 0..<count {
            a0 += w.0[t] * SIMD4<Float>(SIMD4<Int32>(truncatingIfNeeded: at0.loadUnaligned(as: SIMD4<UInt8>.self)))
            a1 += w.1[t] * SIMD4<Float>(SIMD4<Int32>(truncatingIfNeeded: at1.loadUnaligned(as: SIMD4<UInt8>.self)))
            a2 += w.2[t] * SIMD4<Float>(SIMD4<Int32>(truncatingIfNeeded: at2.loadUnaligned(as: SIMD4<UInt8>.self)))
            a3 += w.3[t] * SIMD4<Float>(SIMD4<Int32>(truncatingIfNeeded: at3.loadUnaligned(as: SIMD4<UInt8>.self)))
            at0 += step
            at1 += step
            at2 += step
            at3 += step
        }
        return (a0, a1, a2, a3)
    }

    /// Writes four adjacent RGB pixels.
    @inline(__always)
    private static func store(_ p: (SIMD4<Float>, SIMD4<Float>, SIMD4<Float>, SIMD4<Float>), to target: UnsafeMutablePointer<UInt8>) {
        store(p.0, to: target)
        store(p.1, to: target + 3)
        store(p.2, to: target + 6)
        store(p.3, to: target + 9)
    }

    /// Writes one RGB pixel (the lanes x, y, z) rounded and clamped to bytes.
    @inline(__always)
    private static func store(_ p: SIMD4<Float>, to target: UnsafeMutablePointer<UInt8>) {
        target[0] = byte(p.x)
        target[1] = byte(p.y)
        target[2] = byte(p.z)
    }

    private static func withTaps<R>(
        _ taps: Taps,
        _ body: (UnsafePointer<Int>, UnsafePointer<Int>, UnsafePointer<Int>, UnsafePointer<Float>) -> R
    ) -> R {
        taps.first.withUnsafeBufferPointer { first in
            taps.count.withUnsafeBufferPointer { count in
                taps.start.withUnsafeBufferPointer { start in
                    taps.weights.withUnsafeBufferPointer { weights in
                        body(first.baseAddress!, count.baseAddress!, start.baseAddress!, weights.baseAddress!)
                    }
                }
            }
        }
    }

    /// Rounds half up and clamps, as floor(value + 0.5) in 0...255 (truncation equals floor once clamped to >= 0;
    /// this avoids a floorf call per channel).
    @inline(__always)
    private static func byte(_ value: Float) -> UInt8 {
        let clamped = min(max(value + 0.5, 0), 255.5)
        return clamped.isNaN ? 0 : UInt8(Int32(clamped))
    }
}
