/// Decodes the garment detector's outputs: CenterNet-style centre heatmaps `scores` [cells, 5] and per-class box
/// distances `boxes` [cells, 5 × 4] (index class * 4 + k) over a grid of `rows` × `columns` cells of `stride` input
/// pixels, cell index row * columns + col. Boxes are per class because garments of different classes share centres
/// (a top inside an open jacket).
///
/// A detection is a 3×3 local maximum of one class's heatmap with score ≥ threshold; its box is the cell centre
/// ((col + 0.5) * stride, (row + 0.5) * stride) minus/plus its class's (left, top, right, bottom) distances times
/// `distanceScale`; then per-class non-maximum suppression; boxes are mapped to frame pixels and clipped.
public struct DetectorDecoder: Sendable, Equatable {
    public var rows = 32
    public var columns = 24
    public var stride = 8
    /// Box distances are in input pixels divided by this.
    public var distanceScale = 256.0
    /// Least heatmap score of a detection.
    public var scoreThreshold = 0.4
    /// Boxes of one class overlapping a better one by more than this IoU are dropped.
    public var nmsIoU = 0.5

    /// The contract's grid (32 × 24 cells of 8 pixels over a 192 × 256 input).
    public init() {}

    /// The number of classes (the coarse classes).
    public var classCount: Int { CoarseGarmentClass.allCases.count }

    /// The detections, best first, in frame pixels.
    public func decode(scores: [Float], boxes: [Float], mapping: LetterboxMapping) throws(PerceptionError)
        -> [GarmentDetection]
    {
        let cells = rows * columns, classes = classCount
        guard scores.count == cells * classes, boxes.count == cells * classes * 4 else {
            throw PerceptionError(
                .badModelOutput,
                "detector outputs have \(scores.count) scores and \(boxes.count) box values, expected \(cells * classes) and \(cells * classes * 4)")
        }
        var found: [GarmentDetection] = []
        for c in 0..<classes {
            var candidates: [GarmentDetection] = []
            for row in 0..<rows {
                for col in 0..<columns {
                    let s = scores[(row * columns + col) * classes + c]
                    guard s.isFinite, Double(s) >= scoreThreshold else { continue }
                    if !isLocalMaximum(scores, row: row, col: col, classIndex: c, value: s) { continue }
                    let cell = row * columns + col
                    let base = (cell * classes + c) * 4
                    let d = (0..<4).map { Double(max(0, boxes[base + $0].isFinite ? boxes[base + $0] : 0)) * distanceScale }
                    let cx = (Double(col) + 0.5) * Double(stride), cy = (Double(row) + 0.5) * Double(stride)
                    let inputBox = PixelBox(x0: cx - d[0], y0: cy - d[1], x1: cx + d[2], y1: cy + d[3])
                    let box = mapping.frameBox(inputBox).clipped(width: mapping.frameWidth, height: mapping.frameHeight)
                    guard !box.isEmpty else { continue }
                    candidates.append(
                        GarmentDetection(coarseClass: CoarseGarmentClass(rawValue: c)!, score: Double(s), box: box))
                }
            }
            found += suppress(candidates)
        }
        return found.sorted { $0.score > $1.score }
    }

    /// A cell is a peak when no neighbour in its 3×3 window is higher (ties: the first cell in scan order wins).
    private func isLocalMaximum(_ scores: [Float], row: Int, col: Int, classIndex: Int, value: Float) -> Bool {
        for dr in -1...1 {
            for dc in -1...1 where dr != 0 || dc != 0 {
                let r = row + dr, cc = col + dc
                guard r >= 0, r < rows, cc >= 0, cc < columns else { continue }
                let other = scores[(r * columns + cc) * classCount + classIndex]
                if other > value { return false }
                // An equal neighbour earlier in scan order already claimed the peak.
                if other == value, dr < 0 || (dr == 0 && dc < 0) { return false }
            }
        }
        return true
    }

    /// Greedy NMS: best first, dropping boxes that overlap a kept one by more than `nmsIoU`.
    private func suppress(_ detections: [GarmentDetection]) -> [GarmentDetection] {
        var kept: [GarmentDetection] = []
        for detection in detections.sorted(by: { $0.score > $1.score }) where !kept.contains(where: {
            $0.box.iou(detection.box) > nmsIoU
        }) {
            kept.append(detection)
        }
        return kept
    }
}
