import Camera

/// Scales a rectangle of an RGB image to fit a model input, centred on black, the way the models' training data
/// was made (Pillow's bilinear resize): when it shrinks, the triangle filter widens with the scale, so a frame
/// shrunk to a third is averaged rather than sampled. A two-tap bilinear shrink aliases fine patterns and noise;
/// on the pose model's held-out frames that cost 5 points of PCK (0.911 → 0.863).
///
/// Prepared once per crop size (tap tables), then run per image.
struct FittedResize {
    /// One output column's (or row's) source taps: first source index and normalised weights.
    struct Taps {
        let first: Int
        let weights: [Float]
    }

    let outputWidth: Int, outputHeight: Int
    /// The crop's size this was prepared for.
    let sourceWidth: Int, sourceHeight: Int
    /// Where the scaled crop lands in the output (LetterboxMapping's rule).
    let mapping: LetterboxMapping
    private let columns: [Taps], rows: [Taps]

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

    /// Pillow's bilinear taps: support 1 widened by the shrink factor, centres at (i + 0.5) × scale.
    static func taps(from input: Int, to output: Int) -> [Taps] {
        let scale = Double(input) / Double(output)
        let filterScale = max(scale, 1)
        let support = filterScale
        return (0..<output).map { i in
            let centre = (Double(i) + 0.5) * scale
            let first = max(Int(centre - support + 0.5), 0)
            let end = min(Int(centre + support + 0.5), input)
            var weights = (first..<max(end, first + 1)).map { x -> Double in
                max(0, 1 - abs((Double(x) - centre + 0.5) / filterScale))
            }
            let total = weights.reduce(0, +)
            if total > 0 { weights = weights.map { $0 / total } } else { weights = [1] }
            return Taps(first: min(first, input - 1), weights: weights.map(Float.init))
        }
    }

    /// The output bytes (outputWidth × outputHeight × 3) for `crop` of `image`; `crop` has this resize's source size.
    func resize(_ image: Image, crop: (x: Int, y: Int, width: Int, height: Int)) -> [UInt8] {
        precondition(crop.width == sourceWidth && crop.height == sourceHeight && image.channels == 3)
        let placedWidth = mapping.placementWidth
        // Horizontal pass over the crop's rows, rounded to bytes as Pillow does between its passes.
        var across = [UInt8](repeating: 0, count: sourceHeight * placedWidth * 3)
        image.pixels.withUnsafeBufferPointer { pixels in
            for y in 0..<sourceHeight {
                let row = (crop.y + y) * image.rowBytes + crop.x * 3
                for (i, tap) in columns.enumerated() {
                    var r: Float = 0, g: Float = 0, b: Float = 0
                    var at = row + tap.first * 3
                    for w in tap.weights where at + 2 < pixels.count {
                        r += w * Float(pixels[at])
                        g += w * Float(pixels[at + 1])
                        b += w * Float(pixels[at + 2])
                        at += 3
                    }
                    let o = (y * placedWidth + i) * 3
                    across[o] = Self.byte(r)
                    across[o + 1] = Self.byte(g)
                    across[o + 2] = Self.byte(b)
                }
            }
        }
        var out = [UInt8](repeating: 0, count: outputWidth * outputHeight * 3)
        for (j, tap) in rows.enumerated() {
            let outRow = ((mapping.placementY + j) * outputWidth + mapping.placementX) * 3
            for i in 0..<placedWidth {
                var r: Float = 0, g: Float = 0, b: Float = 0
                var y = tap.first
                for w in tap.weights where y < sourceHeight {
                    let at = (y * placedWidth + i) * 3
                    r += w * Float(across[at])
                    g += w * Float(across[at + 1])
                    b += w * Float(across[at + 2])
                    y += 1
                }
                out[outRow + i * 3] = Self.byte(r)
                out[outRow + i * 3 + 1] = Self.byte(g)
                out[outRow + i * 3 + 2] = Self.byte(b)
            }
        }
        return out
    }

    private static func byte(_ value: Float) -> UInt8 { UInt8(max(0, min(255, (value + 0.5).rounded(.down)))) }
}
