import Testing

@testable import Camera

@Suite struct JPEGDecoderTests {
    let decoder = JPEGDecoder()

    @Test func decodesAValidFrameCloseToItsSource() throws {
        let source = TestImages.scene(width: 160, height: 120)
        let jpeg = try JPEGEncoder(quality: 95).encode(source)
        let image = try decoder.decode(jpeg)
        #expect(image.width == 160 && image.height == 120 && image.channels == 3)
        let mean = meanAbsoluteDifference(image.pixels, source.pixels)
        #expect(mean < 3, "mean error \(mean) after a quality-95 round trip")
    }

    @Test(arguments: [1, 2, 4, 8])
    func everyScaleGivesTheScaledSize(denominator: Int) throws {
        let jpeg = try TestImages.jpeg(width: 640, height: 480)
        let image = try decoder.decode(jpeg, scaleDenominator: denominator)
        #expect(image.width == 640 / denominator && image.height == 480 / denominator)
        let grey = try decoder.decode(jpeg, scaleDenominator: denominator, grey: true)
        #expect(grey.channels == 1 && grey.width == 640 / denominator)
    }

    /// Tolerance: the mean absolute difference per channel between a DCT-scaled decode and a full decode box-averaged
    /// down by the same factor stays below 2.5 levels (of 255); no pixel is off by more than 64 (hard edges).
    @Test(arguments: [2, 4, 8])
    func scaledDecodeIsCloseToFullDecodeThenDownscale(denominator: Int) throws {
        let jpeg = try TestImages.jpeg(width: 640, height: 480, seed: 3)
        let scaled = try decoder.decode(jpeg, scaleDenominator: denominator)
        let reference = TestImages.boxDownscale(try decoder.decode(jpeg), factor: denominator)
        #expect(scaled.width == reference.width && scaled.height == reference.height)
        let mean = meanAbsoluteDifference(scaled.pixels, reference.pixels)
        let worst = zip(scaled.pixels, reference.pixels).map { abs(Int($0) - Int($1)) }.max() ?? 0
        #expect(mean < 2.5, "mean difference \(mean) at 1/\(denominator)")
        #expect(worst <= 64, "largest difference \(worst) at 1/\(denominator)")
    }

    @Test func choosesTheSmallestScaleAtLeastAsLargeAsNeeded() throws {
        let jpeg = try TestImages.jpeg(width: 1280, height: 720)
        #expect(try decoder.scaleDenominator(jpeg, minimumWidth: 192, minimumHeight: 192) == 2)  // 640x360; 1/4 is 320x180
        #expect(try decoder.scaleDenominator(jpeg, minimumWidth: 160, minimumHeight: 90) == 8)
        #expect(try decoder.scaleDenominator(jpeg, minimumWidth: 1280, minimumHeight: 720) == 1)
        #expect(try decoder.scaleDenominator(jpeg, minimumWidth: 4000, minimumHeight: 4000) == 1)
        let image = try decoder.decode(jpeg, minimumWidth: 300, minimumHeight: 170)
        #expect(image.width == 320 && image.height == 180)
    }

    @Test func truncatedFrameIsAnErrorNotACrash() throws {
        let jpeg = try TestImages.jpeg(width: 320, height: 240)
        let truncated = Array(jpeg[..<(jpeg.count * 2 / 3)])
        let error = try #require(throws: JPEGError.self) { try decoder.decode(truncated) }
        #expect(error.kind == .missingEndOfImage)
        // Truncated but with an EOI glued on: libjpeg itself must report it (a warning it would otherwise paper over).
        let glued = truncated + [0xFF, 0xD9]
        let decoderError = try #require(throws: JPEGError.self) { try decoder.decode(glued) }
        #expect(decoderError.kind == .decoder)
    }

    @Test func garbageIsAnError() throws {
        var generator = SplitMix(seed: 7)
        let garbage = (0..<5000).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        #expect(throws: JPEGError.self) { try decoder.decode(garbage) }
        // Garbage between valid markers reaches libjpeg, which must fail without exit().
        let framed = [0xFF, 0xD8] + garbage + [0xFF, 0xD9]
        let error = try #require(throws: JPEGError.self) { try decoder.decode(framed) }
        #expect(error.kind == .decoder)
        #expect(!error.message.isEmpty)
        #expect(throws: JPEGError.self) { try decoder.decode([0xFF, 0xD8, 0xFF, 0xD9]) }
    }

    @Test func frameWithoutHuffmanTablesGetsTheStandardOnes() throws {
        let jpeg = try TestImages.jpeg(width: 320, height: 240)
        let stripped = TestImages.strippingHuffmanTables(jpeg)
        #expect(stripped.count < jpeg.count)
        #expect(MJPEGFrame.hasHuffmanTables(jpeg))
        #expect(!MJPEGFrame.hasHuffmanTables(stripped))
        let repaired = MJPEGFrame.withHuffmanTables(stripped)
        #expect(MJPEGFrame.hasHuffmanTables(repaired))
        #expect(try decoder.decode(repaired) == (try decoder.decode(jpeg)))
        #expect(MJPEGFrame.withHuffmanTables(jpeg) == jpeg)
    }

    @Test func validationRejectsShortAndUnframedFrames() throws {
        let jpeg = try TestImages.jpeg(width: 64, height: 48)
        #expect(throws: Never.self) { try jpeg.withUnsafeBytes { try MJPEGFrame.validate($0) } }
        let padded = jpeg + [0, 0, 0, 0]
        #expect(throws: Never.self) { try padded.withUnsafeBytes { try MJPEGFrame.validate($0) } }
        let short = Array(jpeg[..<20])
        let error = try #require(throws: JPEGError.self) { try short.withUnsafeBytes { try MJPEGFrame.validate($0) } }
        #expect(error.kind == .tooShort)
        var noSOI = jpeg
        noSOI[1] = 0x00
        let soi = try #require(throws: JPEGError.self) { try noSOI.withUnsafeBytes { try MJPEGFrame.validate($0) } }
        #expect(soi.kind == .missingStartOfImage)
    }

    @Test func badScaleIsRefused() throws {
        let jpeg = try TestImages.jpeg(width: 64, height: 48)
        let error = try #require(throws: JPEGError.self) { try decoder.decode(jpeg, scaleDenominator: 3) }
        #expect(error.kind == .invalidRequest)
    }

    /// A corrupt header must not size the output: a frame declaring 65,000 × 65,000 pixels (its data is a 64 × 48
    /// picture's) is refused before anything is allocated for it, at every scale, with the sizes in the message.
    @Test func headerDeclaringAHugePictureIsRefusedBeforeAllocating() throws {
        var jpeg = try TestImages.jpeg(width: 64, height: 48)
        let frame = try #require(
            jpeg.indices.dropLast().first { jpeg[$0] == 0xFF && (jpeg[$0 + 1] == 0xC0 || jpeg[$0 + 1] == 0xC2) },
            "no start-of-frame marker")
        for offset in [5, 7] {  // height, then width, big-endian, after the marker, length and precision
            jpeg[frame + offset] = 0xFD
            jpeg[frame + offset + 1] = 0xE8
        }
        #expect(try decoder.header(jpeg).width == 65000)
        for denominator in JPEGDecoder.scaleDenominators {
            let error = try #require(throws: JPEGError.self) { try decoder.decode(jpeg, scaleDenominator: denominator) }
            #expect(error.kind == .tooLarge)
            #expect(error.message.contains("65000x65000"), "\(error.message)")
        }
    }

    @Test func theLimitCountsTheScaledOutput() throws {
        let jpeg = try TestImages.jpeg(width: 640, height: 480)
        var limited = JPEGDecoder()
        limited.maximumOutputPixels = 640 * 480 - 1
        let error = try #require(throws: JPEGError.self) { try limited.decode(jpeg) }
        #expect(error.kind == .tooLarge)
        let half = try limited.decode(jpeg, scaleDenominator: 2)
        #expect(half.width == 320 && half.height == 240)
    }
}

func meanAbsoluteDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
    precondition(a.count == b.count)
    var sum = 0
    for i in 0..<a.count { sum += abs(Int(a[i]) - Int(b[i])) }
    return Double(sum) / Double(max(a.count, 1))
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1330_11EB
        return z ^ (z >> 31)
    }
}
