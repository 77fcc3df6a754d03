import Testing

@testable import Perception

@Suite struct DetectorDecoderTests {
    let decoder = DetectorDecoder()
    /// A 480×640 portrait frame fills the 192×256 input exactly (scale 0.4).
    let mapping = LetterboxMapping(frameWidth: 480, frameHeight: 640, inputWidth: 192, inputHeight: 256)

    func empty() -> (scores: [Float], boxes: [Float]) {
        ([Float](repeating: 0, count: 768 * 5), [Float](repeating: 0, count: 768 * 5 * 4))
    }

    func put(
        _ arrays: inout (scores: [Float], boxes: [Float]), row: Int, col: Int, coarse: CoarseGarmentClass, score: Float,
        ltrb: [Float]
    ) {
        let cell = row * 24 + col
        arrays.scores[cell * 5 + coarse.rawValue] = score
        for i in 0..<4 { arrays.boxes[(cell * 5 + coarse.rawValue) * 4 + i] = ltrb[i] / 256 }
    }

    @Test func peakBecomesABoxInFramePixels() throws {
        var a = empty()
        // Centre of cell (row 10, col 12) is (100, 84) in input pixels.
        put(&a, row: 10, col: 12, coarse: .top, score: 0.9, ltrb: [20, 30, 40, 10])
        // A weaker neighbour of the same class is not a peak.
        put(&a, row: 10, col: 13, coarse: .top, score: 0.6, ltrb: [20, 30, 40, 10])
        let found = try decoder.decode(scores: a.scores, boxes: a.boxes, mapping: mapping)
        #expect(found.count == 1)
        let d = try #require(found.first)
        #expect(d.coarseClass == .top && abs(d.score - 0.9) < 1e-6)
        // Input box [80, 54, 140, 94] / 0.4.
        #expect(abs(d.box.x0 - 200) < 1e-3 && abs(d.box.y0 - 135) < 1e-3)
        #expect(abs(d.box.x1 - 350) < 1e-3 && abs(d.box.y1 - 235) < 1e-3)
    }

    @Test func thresholdNMSAndClassesAreApplied() throws {
        var a = empty()
        put(&a, row: 5, col: 5, coarse: .bottom, score: 0.8, ltrb: [30, 30, 30, 30])
        // Two cells apart (not neighbours), nearly the same box: suppressed by NMS.
        put(&a, row: 5, col: 7, coarse: .bottom, score: 0.7, ltrb: [40, 30, 14, 30])
        // Same place, other class: kept.
        put(&a, row: 5, col: 7, coarse: .outerwear, score: 0.5, ltrb: [40, 30, 14, 30])
        // Below the threshold.
        put(&a, row: 20, col: 20, coarse: .shoes, score: 0.29, ltrb: [5, 5, 5, 5])
        let found = try decoder.decode(scores: a.scores, boxes: a.boxes, mapping: mapping)
        #expect(found.map(\.coarseClass) == [.bottom, .outerwear])
        var lenient = decoder
        lenient.scoreThreshold = 0.2
        lenient.nmsIoU = 0.95
        let more = try lenient.decode(scores: a.scores, boxes: a.boxes, mapping: mapping)
        #expect(more.map(\.coarseClass) == [.bottom, .bottom, .outerwear, .shoes])
    }

    @Test func boxesAreClippedToTheFrameAndLetterboxIsUndone() throws {
        // A landscape 640×480 frame in the portrait input: scaled to 192×144, centred with 56 rows above.
        let landscape = LetterboxMapping(frameWidth: 640, frameHeight: 480, inputWidth: 192, inputHeight: 256)
        #expect(landscape.placementY == 56 && landscape.placementHeight == 144)
        var a = empty()
        put(&a, row: 8, col: 0, coarse: .top, score: 0.95, ltrb: [50, 10, 10, 10])
        let d = try #require(try decoder.decode(scores: a.scores, boxes: a.boxes, mapping: landscape).first)
        #expect(d.box.x0 == 0)  // clipped
        // Cell centre y 68 → (68 - 10 - 56) / 0.3 = 6.67.
        #expect(abs(d.box.y0 - (68 - 10 - 56) / 0.3) < 1e-3)
    }

    @Test func wrongSizesAreAClearError() {
        #expect(throws: PerceptionError.self) {
            try decoder.decode(scores: [0, 1], boxes: [], mapping: mapping)
        }
    }

    @Test func nonFiniteValuesAreIgnored() throws {
        var a = empty()
        a.scores[0] = .nan
        put(&a, row: 3, col: 3, coarse: .shoes, score: 0.9, ltrb: [10, 10, 10, 10])
        a.boxes[((3 * 24 + 3) * 5 + CoarseGarmentClass.shoes.rawValue) * 4] = .infinity
        let found = try decoder.decode(scores: a.scores, boxes: a.boxes, mapping: mapping)
        #expect(found.count == 1 && found[0].box.x0 == (3.5 * 8) / 0.4)
    }
}
