import Testing

@testable import Camera

@Suite struct FramePreprocessorTests {
    @Test func mjpegAndYUYVGiveTheSameGateSize() throws {
        var pre = FramePreprocessor()
        let jpeg = try TestImages.jpeg(width: 640, height: 480)
        let mjpeg = Frame(format: .mjpeg, width: 640, height: 480, bytesPerLine: 0, bytes: jpeg, timestampSeconds: 0, sequence: 0)
        let yuyv = Frame(format: .yuyv, width: 640, height: 480, bytesPerLine: 1280,
                         bytes: [UInt8](repeating: 128, count: 640 * 480 * 2), timestampSeconds: 0, sequence: 0)
        let a = try pre.gateImage(mjpeg), b = try pre.gateImage(yuyv)
        #expect(a.width == 80 && a.height == 60 && b.width == 80 && b.height == 60)
        #expect(b.pixels.allSatisfy { $0 == 128 })
    }

    @Test func modelInputFromMJPEGIsCloseToTheFullDecodePath() throws {
        var pre = FramePreprocessor()
        let jpeg = try TestImages.jpeg(width: 640, height: 480, seed: 5)
        let frame = Frame(format: .mjpeg, width: 640, height: 480, bytesPerLine: 0, bytes: jpeg, timestampSeconds: 0, sequence: 0)
        let input = try pre.modelInput(frame, width: 192, height: 192, quantization: .uint8)
        let full = try JPEGDecoder().decode(jpeg)
        let reference = ModelInputResizer(sourceWidth: 640, sourceHeight: 480, outputWidth: 192, outputHeight: 192).resize(full)
        #expect(input.count == 192 * 192 * 3)
        // The scaled decode (1/2 here) differs from full decode + resize only by the sampling: mean error < 4 levels.
        #expect(meanAbsoluteDifference(input, reference) < 4)
    }

    @Test func shortRawFrameIsAnErrorNotACrash() throws {
        var pre = FramePreprocessor()
        let frame = Frame(format: .yuyv, width: 640, height: 480, bytesPerLine: 1280, bytes: [1, 2, 3], timestampSeconds: 0, sequence: 0)
        #expect(throws: CameraError.self) { try pre.gateImage(frame) }
        #expect(throws: CameraError.self) { try pre.modelInput(frame, width: 192, height: 192, quantization: .int8) }
    }
}
