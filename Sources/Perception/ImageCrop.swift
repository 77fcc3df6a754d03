import Camera

/// Cutting and scaling parts of RGB frames with the camera's bilinear resize kernels.
public enum ImageCrop {
    /// `rect` of `image` stretched to `width` × `height` (two-tap bilinear; thumbnails).
    public static func stretched(_ image: Image, rect: (x: Int, y: Int, width: Int, height: Int), width: Int, height: Int)
        -> [UInt8]
    {
        let resizer = ModelInputResizer(
            sourceWidth: image.width, sourceHeight: image.height, outputWidth: width, outputHeight: height,
            crop: .init(x: rect.x, y: rect.y, width: rect.width, height: rect.height), letterbox: false)
        return resizer.resize(image)
    }

    /// `rect` of `image` scaled to fit `width` × `height`, centred on black, resampled as the training data was
    /// (the model input of the garment classifier).
    public static func fitted(_ image: Image, rect: (x: Int, y: Int, width: Int, height: Int), width: Int, height: Int)
        -> [UInt8]
    {
        FittedResize(sourceWidth: rect.width, sourceHeight: rect.height, outputWidth: width, outputHeight: height)
            .resize(image, crop: rect)
    }

    /// `pixels` (`width` × `height`, `channels` per pixel, rows packed) mirrored left to right.
    public static func mirrored(_ pixels: [UInt8], width: Int, height: Int, channels: Int = 3) -> [UInt8] {
        precondition(pixels.count == width * height * channels)
        var out = pixels
        for y in 0..<height {
            let row = y * width * channels
            for x in 0..<width {
                let from = row + (width - 1 - x) * channels, to = row + x * channels
                for c in 0..<channels { out[to + c] = pixels[from + c] }
            }
        }
        return out
    }

    /// `rect` of `image` as an image whose longer side is at most `maximumSide` (never enlarged).
    public static func thumbnail(_ image: Image, rect: (x: Int, y: Int, width: Int, height: Int), maximumSide: Int)
        -> Image
    {
        let longer = max(rect.width, rect.height)
        let scale = longer > maximumSide ? Double(maximumSide) / Double(longer) : 1
        let w = max(1, Int((Double(rect.width) * scale).rounded())), h = max(1, Int((Double(rect.height) * scale).rounded()))
        return Image(width: w, height: h, channels: 3, pixels: stretched(image, rect: rect, width: w, height: h))
    }
}
