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
            all += weights.map(Float.init)
        }
        return Taps(first: first, count: count, start: start, weights: all)
    }

    func resize(_ image: Image, crop: (x: Int, y: Int, width: Int, height: Int)) -> [UInt8] {
        precondition(crop.width == sourceWidth && crop.height == sourceHeight && image.channels == 3)
        precondition(crop.x >= 0 && crop.y >= 0 && crop.x + crop.width <= image.width && crop.y + crop.height <= image.height)
        let placedWidth = mapping.placementWidth
        // Horizontal pass over the crop's rows, rounded to bytes as Pillow does between its passes.
        var across = [UInt8](repeating: 0, count: sourceHeight * placedWidth * 3)
        var out = [UInt8](repeating: 0, count: outputWidth * outputHeight * 3)
        image.pixels.withUnsafeBufferPointer { pixels in
            across.withUnsafeMutableBufferPointer { across in
                Self.withTaps(columns) { first, count, start, weights in
                    for y in 0..<sourceHeight {
                        let row = pixels.baseAddress! + (crop.y + y) * image.rowBytes + crop.x * 3
                        let target = across.baseAddress! + y * placedWidth * 3
                        for i in 0..<placedWidth {
                            var r: Float = 0, g: Float = 0, b: Float = 0
                            var at = row + first[i] * 3
                            let w = weights + start[i]
                            for t in 0..<count[i] {
                                r += w[t] * Float(at[0])
                                g += w[t] * Float(at[1])
                                b += w[t] * Float(at[2])
                                at += 3
                            }
                            target[3 * i] = Self.byte(r)
                            target[3 * i + 1] = Self.byte(g)
                            target[3 * i + 2] = Self.byte(b)
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
                        for i in 0..<placedWidth {
                            var r: Float = 0, g: Float = 0, b: Float = 0
                            var at = top + 3 * i
                            for t in 0..<count[j] {
                                r += w[t] * Float(at[0])
                                g += w[t] * Float(at[1])
                                b += w[t] * Float(at[2])
                                at += rowBytes
                            }
                            target[3 * i] = Self.byte(r)
                            target[3 * i + 1] = Self.byte(g)
                            target[3 * i + 2] = Self.byte(b)
                        }
                    }
                }
            }
        }
        return out
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

    private static func byte(_ value: Float) -> UInt8 { UInt8(max(0, min(255, (value + 0.5).rounded(.down)))) }
}
