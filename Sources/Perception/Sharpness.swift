import Camera

/// How sharp an image is: the variance of the 4-neighbour Laplacian of its luma. Blur (focus, motion) lowers it.
public enum Sharpness {
    /// The Laplacian variance of an RGB or grey image; 0 for images smaller than 3 × 3.
    public static func laplacianVariance(_ image: Image) -> Double {
        let w = image.width, h = image.height
        guard w >= 3, h >= 3 else { return 0 }
        var luma = [Double](repeating: 0, count: w * h)
        image.pixels.withUnsafeBufferPointer { p in
            for i in 0..<(w * h) {
                luma[i] = image.channels == 3
                    ? 0.299 * Double(p[3 * i]) + 0.587 * Double(p[3 * i + 1]) + 0.114 * Double(p[3 * i + 2])
                    : Double(p[i])
            }
        }
        var sum = 0.0, sumSquares = 0.0
        for y in 1..<(h - 1) {
            for x in 1..<(w - 1) {
                let i = y * w + x
                let v = luma[i - 1] + luma[i + 1] + luma[i - w] + luma[i + w] - 4 * luma[i]
                sum += v
                sumSquares += v * v
            }
        }
        let n = Double((w - 2) * (h - 2))
        let mean = sum / n
        return max(0, sumSquares / n - mean * mean)
    }
}
