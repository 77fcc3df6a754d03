import Camera
import Foundation
import Recommender

/// The `outfit/today/image` JPEG: the outfit's items side by side, each from its thumbnail, or, for an item
/// without one (added by hand), a swatch of its colour. At most `maximumBytes` (quality is lowered to fit).
public enum OutfitCollage {
    static let tileWidth = 160
    static let tileHeight = 200
    static let gap = 8

    /// The collage of `outfit`; thumbnails are read from `thumbnailFolder`.
    public static func jpeg(of outfit: Outfit, thumbnailFolder: String, maximumBytes: Int = 100_000) throws -> [UInt8] {
        let count = max(1, outfit.items.count)
        let width = count * tileWidth + (count + 1) * gap
        let height = tileHeight + 2 * gap
        var canvas = Image(width: width, height: height, channels: 3, value: 250)
        for (index, item) in outfit.items.enumerated() {
            let left = gap + index * (tileWidth + gap)
            if let tile = thumbnail(item, folder: thumbnailFolder) {
                draw(tile, into: &canvas, left: left, top: gap)
            } else {
                fill(&canvas, left: left, top: gap, colour: swatch(item.colour))
            }
        }
        for quality in [85, 70, 55, 40, 25] {
            let bytes = try JPEGEncoder(quality: quality).encode(canvas)
            if bytes.count <= maximumBytes { return bytes }
        }
        return try JPEGEncoder(quality: 10).encode(canvas)
    }

    private static func thumbnail(_ item: OutfitItem, folder: String) -> Image? {
        guard let name = item.thumbnail, !name.contains("/"), !name.isEmpty,
            let data = FileManager.default.contents(atPath: folder + "/" + name)
        else { return nil }
        // A broken thumbnail falls back to the swatch; the collage never fails because of one file.
        return try? JPEGDecoder().decode([UInt8](data), minimumWidth: tileWidth, minimumHeight: tileHeight)
    }

    /// Scales `image` to fit the tile (nearest neighbour, aspect kept) and centres it.
    private static func draw(_ image: Image, into canvas: inout Image, left: Int, top: Int) {
        let scale = min(Double(tileWidth) / Double(image.width), Double(tileHeight) / Double(image.height))
        let width = max(1, Int(Double(image.width) * scale))
        let height = max(1, Int(Double(image.height) * scale))
        let x0 = left + (tileWidth - width) / 2
        let y0 = top + (tileHeight - height) / 2
        for y in 0..<height {
            let sourceY = min(image.height - 1, Int(Double(y) / scale))
            for x in 0..<width {
                let sourceX = min(image.width - 1, Int(Double(x) / scale))
                let source = (sourceY * image.width + sourceX) * image.channels
                let target = ((y0 + y) * canvas.width + x0 + x) * 3
                for c in 0..<3 { canvas.pixels[target + c] = image.pixels[source + (image.channels == 3 ? c : 0)] }
            }
        }
    }

    private static func fill(_ canvas: inout Image, left: Int, top: Int, colour: (UInt8, UInt8, UInt8)) {
        for y in top..<(top + tileHeight) {
            for x in left..<(left + tileWidth) {
                let target = (y * canvas.width + x) * 3
                canvas.pixels[target] = colour.0
                canvas.pixels[target + 1] = colour.1
                canvas.pixels[target + 2] = colour.2
            }
        }
    }

    /// A representative sRGB value of a named colour.
    static func swatch(_ name: String) -> (UInt8, UInt8, UInt8) {
        switch name {
        case "black": (25, 25, 28)
        case "blue": (40, 70, 160)
        case "brown": (120, 80, 45)
        case "green": (45, 130, 65)
        case "grey": (128, 128, 128)
        case "orange": (240, 140, 30)
        case "pink": (240, 150, 185)
        case "purple": (120, 60, 150)
        case "red": (200, 30, 40)
        case "white": (245, 245, 245)
        case "yellow": (240, 210, 40)
        default: (180, 180, 180)
        }
    }
}
