import Testing

@testable import Camera

@Suite struct ImageKernelTests {
    static let variants = ImageKernels.available.filter { $0 != .scalar }

    static func bytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var g = SplitMix(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: g.next()) }
    }

    @Test func scalarIsAlwaysAvailable() {
        #expect(ImageKernels.available.contains(.scalar))
    }

    @Test(arguments: [(2, 1), (18, 3), (34, 5), (640, 2), (1282, 3)])
    func yuyvVariantsMatchScalar(width: Int, height: Int) {
        let yuyv = Self.bytes(width * height * 2, seed: UInt64(width))
        let reference = yuyv.withUnsafeBytes { YUYVConverter.rgb($0, width: width, height: height, variant: .scalar) }
        for variant in Self.variants {
            let image = yuyv.withUnsafeBytes { YUYVConverter.rgb($0, width: width, height: height, variant: variant) }
            #expect(image == reference, "\(variant) differs at \(width)x\(height)")
        }
    }

    @Test func yuyvFormulaOnKnownColours() {
        // Limited-range black, white and a saturated red: Y U Y V.
        let yuyv: [UInt8] = [16, 128, 235, 128, 81, 90, 81, 240]
        for variant in ImageKernels.available {
            let rgb = yuyv.withUnsafeBytes { YUYVConverter.rgb($0, width: 4, height: 1, variant: variant) }.pixels
            #expect(Array(rgb[0..<3]) == [0, 0, 0], "\(variant)")
            #expect(Array(rgb[3..<6]) == [255, 255, 255], "\(variant)")
            #expect(rgb[6] == 255 && rgb[7] < 5 && rgb[8] < 5, "\(variant): red came out \(Array(rgb[6..<9]))")
        }
    }

    @Test(arguments: [(7, 5, 3, 3, true), (640, 480, 192, 192, true), (33, 17, 31, 9, false), (101, 77, 192, 192, true)])
    func resizeVariantsMatchScalar(sw: Int, sh: Int, ow: Int, oh: Int, letterbox: Bool) {
        let source = Image(width: sw, height: sh, channels: 3, pixels: Self.bytes(sw * sh * 3, seed: UInt64(sw * sh)))
        for quantization in [ModelInputResizer.Quantization.uint8, .int8] {
            let resizer = ModelInputResizer(
                sourceWidth: sw, sourceHeight: sh, outputWidth: ow, outputHeight: oh, letterbox: letterbox,
                quantization: quantization, padValue: 114)
            let reference = resizer.resize(source, variant: .scalar)
            for variant in Self.variants {
                #expect(resizer.resize(source, variant: variant) == reference, "\(variant) \(sw)x\(sh)->\(ow)x\(oh)")
            }
        }
    }

    @Test func resizeOfAUniformImageIsUniformAndInt8IsShifted() {
        let source = Image(width: 64, height: 48, channels: 3, value: 200)
        let u8 = ModelInputResizer(sourceWidth: 64, sourceHeight: 48, outputWidth: 32, outputHeight: 32, padValue: 0)
        let out = u8.resize(source)
        #expect(u8.placement == .init(x: 0, y: 4, width: 32, height: 24))
        #expect(out[0] == 0)  // the bar
        #expect(out[(4 * 32) * 3] == 200 && out[(27 * 32 + 31) * 3 + 2] == 200)
        #expect(out[(28 * 32) * 3] == 0)
        let s8 = ModelInputResizer(
            sourceWidth: 64, sourceHeight: 48, outputWidth: 32, outputHeight: 32, quantization: .int8, padValue: 0)
        let signed = s8.resize(source).map { Int8(bitPattern: $0) }
        #expect(signed[(4 * 32) * 3] == 72 && signed[0] == -128)
    }

    @Test func cropTakesThePartAsked() {
        var source = Image(width: 40, height: 40, channels: 3, value: 10)
        for y in 20..<40 { for x in 20..<40 { source.pixels[(y * 40 + x) * 3] = 250 } }
        let resizer = ModelInputResizer(
            sourceWidth: 40, sourceHeight: 40, outputWidth: 8, outputHeight: 8,
            crop: .init(x: 20, y: 20, width: 20, height: 20))
        let out = resizer.resize(source)
        #expect(stride(from: 0, to: out.count, by: 3).allSatisfy { out[$0] == 250 })
    }

    @Test(arguments: [1, 2, 3, 4, 8, 16])
    func lumaVariantsMatchScalar(factor: Int) {
        let width = 61 * factor + factor - 1, height = 7 * factor + factor - 1
        for pixelStride in [1, 2] {
            let plane = Self.bytes(width * height * pixelStride, seed: UInt64(factor * 10 + pixelStride))
            var reference = Image(width: 0, height: 0, channels: 1)
            var downscaler = LumaDownscaler(factor: factor)
            plane.withUnsafeBytes {
                downscaler.downscale(
                    $0, width: width, height: height, rowStride: width * pixelStride, pixelStride: pixelStride,
                    into: &reference, variant: .scalar)
            }
            #expect(reference.width == 61 && reference.height == 7)
            for variant in Self.variants {
                var out = Image(width: 0, height: 0, channels: 1)
                plane.withUnsafeBytes {
                    downscaler.downscale(
                        $0, width: width, height: height, rowStride: width * pixelStride, pixelStride: pixelStride,
                        into: &out, variant: variant)
                }
                #expect(out == reference, "\(variant) factor \(factor) stride \(pixelStride)")
            }
        }
    }

    @Test func lumaDownscaleAveragesWithRounding() {
        // 2x2 blocks: (1+2+3+4)/4 = 2.5 rounds to 3; 255s stay 255.
        let plane: [UInt8] = [1, 2, 255, 255, 3, 4, 255, 255]
        var out = Image(width: 0, height: 0, channels: 1)
        var downscaler = LumaDownscaler(factor: 2)
        for variant in ImageKernels.available {
            plane.withUnsafeBytes {
                downscaler.downscale($0, width: 4, height: 2, rowStride: 4, pixelStride: 1, into: &out, variant: variant)
            }
            #expect(out.pixels == [3, 255], "\(variant)")
        }
    }
}
