@testable import Camera

/// Synthetic test pictures: smooth gradients with a few hard-edged shapes, deterministic.
enum TestImages {
    static func scene(width: Int, height: Int, seed: Int = 0) -> Image {
        var image = Image(width: width, height: height, channels: 3)
        for y in 0..<height {
            for x in 0..<width {
                let i = (y * width + x) * 3
                var r = x * 255 / max(width - 1, 1)
                var g = y * 255 / max(height - 1, 1)
                var b = (x + y + seed * 17) * 255 / max(width + height - 2, 1)
                if (x / 37 + y / 29 + seed) % 5 == 0 {
                    r = 255 - r
                    g = 200
                    b = 40
                }
                image.pixels[i] = UInt8(r)
                image.pixels[i + 1] = UInt8(g)
                image.pixels[i + 2] = UInt8(b % 256)
            }
        }
        return image
    }

    static func jpeg(width: Int, height: Int, seed: Int = 0, quality: Int = 90) throws -> [UInt8] {
        try JPEGEncoder(quality: quality).encode(scene(width: width, height: height, seed: seed))
    }

    /// The frame without its DHT segments, as cheap UVC cameras send MJPEG.
    static func strippingHuffmanTables(_ jpeg: [UInt8]) -> [UInt8] {
        var result = Array(jpeg[0..<2])
        var offset = 2
        while offset + 4 <= jpeg.count {
            let marker = jpeg[offset + 1]
            if marker == 0xDA { break }
            let length = Int(jpeg[offset + 2]) << 8 | Int(jpeg[offset + 3])
            if marker != 0xC4 { result.append(contentsOf: jpeg[offset..<(offset + 2 + length)]) }
            offset += 2 + length
        }
        result.append(contentsOf: jpeg[offset...])
        return result
    }

    /// Box-average downscale by an integer factor (the reference for DCT-scaled decoding).
    static func boxDownscale(_ image: Image, factor: Int) -> Image {
        let w = image.width / factor, h = image.height / factor, c = image.channels
        var out = Image(width: w, height: h, channels: c)
        for y in 0..<h {
            for x in 0..<w {
                for ch in 0..<c {
                    var sum = 0
                    for dy in 0..<factor {
                        for dx in 0..<factor {
                            sum += Int(image.pixels[((y * factor + dy) * image.width + x * factor + dx) * c + ch])
                        }
                    }
                    out.pixels[(y * w + x) * c + ch] = UInt8((sum + factor * factor / 2) / (factor * factor))
                }
            }
        }
        return out
    }
}
