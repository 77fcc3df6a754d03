import Camera
import Foundation
import Inventory

/// One frame through the models: decode → pose → whole-person check → garment detection → per garment a
/// head-free crop refined by the body regions → classification, embedding, dominant colour and sharpness.
/// Times each stage. Keeps nothing of the frame: only crops of garments leave it.
///
/// Not thread-safe (the models are used in place).
public final class PerceptionPipeline {
    public var settings: PerceptionSettings
    /// Time per stage since creation (or the last `resetTimings`).
    public private(set) var timings = StageTimings()
    private let models: PerceptionModels
    private let decoder = JPEGDecoder()
    private var poseResizer: FittedResize?
    private var detectorResizer: FittedResize?
    /// Frames analysed for garments (`analyse`), for `PerceptionSettings.mirrorEveryOtherFrame`.
    private var garmentFrames = 0

    /// A pipeline over loaded models.
    public init(models: PerceptionModels, settings: PerceptionSettings) {
        self.models = models
        self.settings = settings
    }

    /// Starts the stage timings over.
    public func resetTimings() { timings = StageTimings() }

    /// Decodes a JPEG at a size near a camera frame's (large photos are decoded at a DCT scale whose longer side is
    /// still at least `minimumLongerSide`).
    public func decode(jpeg: [UInt8], minimumLongerSide: Int = 640) throws(PerceptionError) -> Image {
        do {
            return try timings.measure(.decode) {
                let header = try decoder.header(jpeg)
                let longer = max(header.width, header.height)
                let target = min(longer, minimumLongerSide)
                let minimumWidth = max(1, header.width * target / longer)
                let minimumHeight = max(1, header.height * target / longer)
                return try decoder.decode(jpeg, minimumWidth: minimumWidth, minimumHeight: minimumHeight)
            }
        } catch {
            throw PerceptionError(.badImage, "not a readable JPEG: \(error)")
        }
    }

    /// A camera frame as RGB: MJPEG decoded, YUYV converted, RGB repacked.
    public func image(of frame: Frame) throws(PerceptionError) -> Image {
        switch frame.format {
        case .mjpeg:
            return try decode(jpeg: frame.bytes)
        case .yuyv, .rgb24:
            let bytesPerPixel = frame.format == .yuyv ? 2 : 3
            guard frame.width > 0, frame.height > 0, frame.bytesPerLine >= frame.width * bytesPerPixel,
                frame.bytes.count >= frame.bytesPerLine * (frame.height - 1) + frame.width * bytesPerPixel
            else {
                throw PerceptionError(.badImage, "a \(frame.width)×\(frame.height) frame with \(frame.bytes.count) bytes is cut short")
            }
            return timings.measure(.decode) {
                if frame.format == .yuyv {
                    return frame.bytes.withUnsafeBytes {
                        YUYVConverter.rgb($0, width: frame.width, height: frame.height, bytesPerLine: frame.bytesPerLine)
                    }
                }
                var packed = Image(width: frame.width, height: frame.height, channels: 3)
                for y in 0..<frame.height {
                    let from = y * frame.bytesPerLine
                    packed.pixels.replaceSubrange(
                        (y * packed.rowBytes)..<((y + 1) * packed.rowBytes), with: frame.bytes[from..<(from + packed.rowBytes)])
                }
                return packed
            }
        }
    }

    /// The analysis of a decoded RGB frame.
    public func analyse(_ image: Image, timestampSeconds: Double) -> FrameAnalysis {
        precondition(image.channels == 3)
        timings.analysedFrames += 1
        let (pose, verdict) = timings.measure(.pose) { () -> (Pose?, PersonCheck.Verdict) in
            let resizer = cachedResizer(&poseResizer, image, width: 192, height: 192)
            let mapping = resizer.mapping
            let raw = models.runPose(resizer.resize(image, crop: (0, 0, image.width, image.height)))
            guard let pose = try? PoseDecoder.decode(raw, mapping: mapping) else { return (nil, .nobody) }
            return (pose, settings.personCheck.evaluate(pose, frameWidth: image.width, frameHeight: image.height))
        }
        guard let pose, verdict.showsGarments else {
            return FrameAnalysis(timestampSeconds: timestampSeconds, verdict: verdict, pose: pose, garments: [])
        }
        timings.personFrames += 1
        let mirrored = settings.mirrorEveryOtherFrame && garmentFrames % 2 == 1
        garmentFrames += 1
        let detections = timings.measure(.detection) { () -> [GarmentDetection] in
            let resizer = cachedResizer(&detectorResizer, image, width: 192, height: 256)
            let mapping = resizer.mapping
            let out = models.runDetector(resizer.resize(image, crop: (0, 0, image.width, image.height)))
            return (try? settings.detector.decode(scores: out.scores, boxes: out.boxes, mapping: mapping)) ?? []
        }
        let closeUp = verdict == .closeUp
        let regions = BodyRegions(
            pose: pose, frameWidth: image.width, frameHeight: image.height,
            minimumScore: settings.personCheck.minimumKeypointScore,
            ankleY: closeUp ? settings.personCheck.estimatedAnkleY(pose) : nil)
        let balance = timings.measure(.colour) {
            WhiteBalance.greyWorld(image, strength: settings.whiteBalanceStrength)
        }
        let wearsOuterwear = detections.contains { $0.coarseClass == .outerwear && regions.crop(for: $0) != nil }
        var chosen: [(detection: GarmentDetection, box: PixelBox, rect: (x: Int, y: Int, width: Int, height: Int))] = []
        var taken = Set<CoarseGarmentClass>()
        var cutOff: [CoarseGarmentClass] = []
        // Best first: the first detection of a class on this person is the garment.
        for detection in detections where !taken.contains(detection.coarseClass) {
            if closeUp && detection.coarseClass == .shoes { continue }
            guard let box = regions.crop(for: detection),
                let rect = box.pixelRect(width: image.width, height: image.height),
                rect.width >= settings.minimumCropSide, rect.height >= settings.minimumCropSide
            else { continue }
            taken.insert(detection.coarseClass)
            // In a close-up, a garment that reaches the frame's bottom edge is seen only in part (trousers, a long
            // coat): its crop would tell neither its kind (a coat cut off looks like a jacket) nor its colour well.
            if closeUp && detection.box.y1 >= Double(image.height) * (1 - Self.closeUpBottomMargin) {
                cutOff.append(detection.coarseClass)
                continue
            }
            chosen.append((detection, box, rect))
        }
        // Shoes last: under long trousers or a jumpsuit the hems fill part of the shoes' crop, and the colour
        // measured on the trousers tells which clusters there are hem.
        var garments: [GarmentObservation?] = Array(repeating: nil, count: chosen.count)
        let outerwearBox = chosen.first { $0.detection.coarseClass == .outerwear }?.box
        for (index, choice) in chosen.enumerated() where choice.detection.coarseClass != .shoes {
            let below = outerwearBox.flatMap {
                Self.partShownBelow(
                    $0, of: choice.box, coarseClass: choice.detection.coarseClass, width: image.width,
                    height: image.height, minimumSide: settings.minimumCropSide)
            }
            garments[index] = observe(
                image, rect: choice.rect, box: choice.box, keptBox: regions.keptPart(of: below?.box ?? choice.box),
                coarseClass: choice.detection.coarseClass, detectionScore: choice.detection.score, balance: balance,
                sampling: choice.detection.coarseClass == .top && wearsOuterwear ? .openFront : .inner,
                colourRect: below?.rect, mirrored: mirrored)
        }
        let hems = garments.lazy.compactMap { $0 }.first { Self.reachesTheShoes($0.category) }?.colour
        for (index, choice) in chosen.enumerated() where choice.detection.coarseClass == .shoes {
            let cut = Self.reachesTheBottomEdge(choice.detection, frameHeight: image.height)
            garments[index] = observe(
                image, rect: choice.rect, box: choice.box, keptBox: cut ? nil : regions.keptPart(of: choice.box),
                coarseClass: .shoes, detectionScore: choice.detection.score, balance: balance, sampling: .pair,
                hems: hems, mirrored: mirrored)
        }
        return FrameAnalysis(
            timestampSeconds: timestampSeconds, verdict: verdict, pose: pose, garments: garments.compactMap { $0 },
            cutOff: cutOff)
    }

    /// Whether a detected garment's box reaches the frame's last row. Such shoes count as seen but their crop is
    /// never kept (a thumbnail): it holds a strip of them or none (trouser hems and floor), though the ankles are
    /// inside the frame (just below the edge, the pose model put them some 25 pixels too high in a scenario whose
    /// shoes kept such a thumbnail).
    public static func reachesTheBottomEdge(_ detection: GarmentDetection, frameHeight: Int) -> Bool {
        detection.box.y1 >= Double(frameHeight) - 1
    }

    /// In a close-up, a garment whose detected box ends within this share of the frame's height from its bottom edge
    /// is taken as cut off by it. The detector's box stops at the edge or short of it, so trousers cut off there
    /// were taken for shorts at 0.02; on eight rendered scenarios' ground truth the hems of garments the frame
    /// holds whole lay a median 53–160 pixels (of 640) above the edge, by category.
    public static let closeUpBottomMargin = 0.06

    /// Where a dress, a jumpsuit or trousers under outerwear (`cover`) show themselves, else a long coat fills their
    /// crop: the part of their `box` below the outerwear's hem, as a box and as whole pixels of a `width` × `height`
    /// frame, when it is at least a fifth of the box's height and `minimumSide` pixels each way. Their colour is
    /// measured there and their thumbnail cut from there. Nil for other classes and when too little shows.
    public static func partShownBelow(
        _ cover: PixelBox, of box: PixelBox, coarseClass: CoarseGarmentClass, width: Int, height: Int,
        minimumSide: Int
    ) -> (box: PixelBox, rect: (x: Int, y: Int, width: Int, height: Int))? {
        guard coarseClass == .onePiece || coarseClass == .bottom else { return nil }
        var below = box
        below.y0 = max(box.y0, cover.y1)
        guard below.y1 - below.y0 >= 0.2 * (box.y1 - box.y0),
            let rect = below.pixelRect(width: width, height: height),
            rect.width >= minimumSide, rect.height >= minimumSide
        else { return nil }
        return (below, rect)
    }

    /// Garments whose hems hang down to the shoes.
    public static func reachesTheShoes(_ category: GarmentCategory) -> Bool {
        category == .pants || category == .jeans || category == .jumpsuits
    }

    /// A photo of one garment laid flat or hung (no person): the inner part of the picture is the garment; its
    /// class comes from the classifier.
    public func analyseGarmentPhoto(_ image: Image) -> GarmentObservation? {
        timings.analysedFrames += 1
        let box = PixelBox(x0: 0, y0: 0, x1: Double(image.width), y1: Double(image.height))
            .expanded(x: -0.05 * Double(image.width), y: -0.05 * Double(image.height))
        guard let rect = box.pixelRect(width: image.width, height: image.height),
            rect.width >= settings.minimumCropSide, rect.height >= settings.minimumCropSide
        else { return nil }
        let balance = WhiteBalance.greyWorld(image, strength: settings.whiteBalanceStrength)
        return observe(image, rect: rect, box: box, keptBox: box, coarseClass: nil, detectionScore: 1, balance: balance)
    }

    private func observe(
        _ image: Image, rect: (x: Int, y: Int, width: Int, height: Int), box: PixelBox, keptBox: PixelBox?,
        coarseClass: CoarseGarmentClass?, detectionScore: Double, balance: WhiteBalance,
        sampling: DominantColour.Sampling = .inner,
        hems: ColourEstimate? = nil, colourRect: (x: Int, y: Int, width: Int, height: Int)? = nil, mirrored: Bool = false
    ) -> GarmentObservation {
        let (_, logits, rawEmbedding) = timings.measure(.classification) { () -> ([UInt8], [Float], [Float]) in
            // Fitted, not stretched: the garment's proportions tell a coat from a jacket and shorts from pants.
            let side = models.garmentInputSide
            var input = ImageCrop.fitted(image, rect: rect, width: side, height: side)
            if mirrored { input = ImageCrop.mirrored(input, width: side, height: side) }
            let out = models.runGarment(input, coarseClass: coarseClass)
            return (input, out.logits, out.embedding)
        }
        let probabilities = Self.softmax(logits)
        // Within the detector's class when there is one (it sees the whole body; the crop alone can mislead).
        var best = -1
        var classProbability = 0.0
        for (index, label) in models.garmentLabels.enumerated() where index < probabilities.count {
            if let coarseClass, CoarseGarmentClass(category: label) != coarseClass { continue }
            classProbability += probabilities[index]
            if best < 0 || probabilities[index] > probabilities[best] { best = index }
        }
        let category = best >= 0 ? models.garmentLabels[best] : (coarseClass?.categories[0] ?? .tops)
        let (colour, sharpness, keptCrop) = timings.measure(.colour) {
            () -> (ColourEstimate, Double, (thumbnail: Image, box: PixelBox)?) in
            let colour = settings.colour.estimate(
                image, rect: colourRect ?? rect, balance: balance, sampling: sampling, hems: hems)
                ?? ColourEstimate(name: .grey, lightness: 50, a: 0, b: 0, share: 0)
            // On the stretched crop: the fitted model input's black bars would count as edges.
            let stretched = ImageCrop.stretched(image, rect: rect, width: 96, height: 96)
            let sharpness = Sharpness.laplacianVariance(Image(width: 96, height: 96, channels: 3, pixels: stretched))
            var keptCrop: (thumbnail: Image, box: PixelBox)?
            if let keptBox, let r = keptBox.pixelRect(width: image.width, height: image.height),
                r.width >= settings.minimumCropSide, r.height >= settings.minimumCropSide
            {
                keptCrop = (ImageCrop.thumbnail(image, rect: r, maximumSide: settings.thumbnailMaximumSide), keptBox)
            }
            return (colour, sharpness, keptCrop)
        }
        return GarmentObservation(
            coarseClass: coarseClass ?? CoarseGarmentClass(category: category) ?? .top, detectionScore: detectionScore,
            box: box, category: category, categoryProbability: best >= 0 ? probabilities[best] : 0,
            classProbability: coarseClass == nil ? nil : classProbability, embedding: GarmentEmbedding(raw: rawEmbedding),
            colour: colour, sharpness: sharpness, kept: keptCrop)
    }

    private func cachedResizer(_ cache: inout FittedResize?, _ image: Image, width: Int, height: Int) -> FittedResize {
        if let cached = cache, cached.sourceWidth == image.width, cached.sourceHeight == image.height { return cached }
        let made = FittedResize(sourceWidth: image.width, sourceHeight: image.height, outputWidth: width, outputHeight: height)
        cache = made
        return made
    }

    /// Probabilities from logits (numerically stable; non-finite logits count as very unlikely).
    public static func softmax(_ logits: [Float]) -> [Double] {
        let values = logits.map { $0.isFinite ? Double($0) : -1e9 }
        guard let top = values.max() else { return [] }
        let exps = values.map { exp($0 - top) }
        let sum = exps.reduce(0, +)
        return exps.map { $0 / sum }
    }
}
