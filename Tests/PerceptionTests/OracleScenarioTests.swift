import Camera
import Daemon
import Foundation
import Inventory
import InventoryStore
import Testing
import TestSupport

@testable import Perception

/// Sessions, pooling, matching and the wear log on the committed sample scenario, with the models replaced by an
/// oracle built from the ground truth (keypoints as the pose, garment boxes as the detections, an embedding per item
/// with per-frame noise); crops, colours, sharpness and thumbnails are computed on the real frames. Scored like the
/// end-to-end test: item recall, duplicates, wear-log accuracy against samples/wears.json.
@Suite struct OracleScenarioTests {
    /// A fixed pseudo-random unit direction per item id, plus noise per frame (cosine to the item's direction ≈ 0.9).
    static func embedding(item: String, frame: Int) -> GarmentEmbedding {
        var state = UInt64(truncatingIfNeeded: item.utf8.reduce(1469598103934665603) { ($0 ^ UInt64($1)) &* 1099511628211 })
        func next() -> Float {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(Int64(bitPattern: state >> 11) % 2000) / 1000 - 1
        }
        var raw = (0..<64).map { _ in next() }
        let norm = raw.reduce(0) { $0 + $1 * $1 }.squareRoot()
        raw = raw.map { $0 / norm }
        state ^= UInt64(frame) &* 0x9E3779B97F4A7C15
        let noise = (0..<64).map { _ in next() * 0.06 }
        return GarmentEmbedding(raw: zip(raw, noise).map { $0 + $1 })
    }

    @Test func sampleScenarioMeetsTheBarsWithOracleModels() throws {
        try check(scenario: SampleTruth.folder)
    }

    /// The held-out scenario the end-to-end test renders, when it is there (it takes minutes to render).
    static let heldOut = SampleTruth.heldOutScenario

    @Test(
        .enabled(
            if: FileManager.default.fileExists(atPath: heldOut.appendingPathComponent("wears.json").path),
            "the held-out scenario is rendered by the end-to-end test (.build/perception-e2e/seed-4242-*)"))
    func heldOutScenarioMeetsTheBarsWithOracleModels() throws {
        try check(scenario: Self.heldOut)
    }

    /// With $ORACLE_MODELS (a models folder), the garment classifier and embedding are the real model's: then only
    /// pose and detection are the oracle's, and the figures measure the classifier, the re-identification and the
    /// matching thresholds together.
    func check(scenario: URL) throws {
        let garmentModels = try ProcessInfo.processInfo.environment["ORACLE_MODELS"].map {
            try PerceptionModels(folder: $0)
        }
        let frames = try SampleTruth.load(from: scenario)
        let folder = TestFolder("oracle")
        let store = try InventoryStore(stateDirectory: folder.path)
        let settings = PerceptionSettings()
        let recorder = OutfitRecorder(store: store, settings: settings, source: .camera, embeddingSpace: nil)
        var tracker = MirrorSessionTracker(settings: settings.session)
        var times: [Double] = []
        func record(_ session: MirrorSession) throws {
            let time = Timestamp(secondsSince1970: Int64(session.startSeconds))
            _ = try recorder.record(session, date: time.utcDate, time: time)
        }
        for (index, frame) in frames.enumerated() {
            let name = (frame.file as NSString).lastPathComponent
            let t = try #require(ISO8601BasicTimestamp.secondsSinceEpoch(fileName: name))
            times.append(t)
            guard let owner = frame.owner else {
                if let closed = tracker.add(FrameAnalysis(timestampSeconds: t, verdict: .nobody, pose: nil, garments: [])) {
                    try record(closed)
                }
                continue
            }
            let verdict = settings.personCheck.evaluate(owner.pose, frameWidth: frame.width, frameHeight: frame.height)
            var garments: [GarmentObservation] = []
            if verdict == .wholePerson {
                let image = try SampleTruth.image(frame, in: scenario)
                let regions = BodyRegions(pose: owner.pose, frameWidth: frame.width, frameHeight: frame.height)
                let balance = WhiteBalance.greyWorld(image)
                let outerwearBox = owner.garments.first { CoarseGarmentClass(category: $0.category) == .outerwear }
                    .flatMap { regions.crop(for: GarmentDetection(coarseClass: .outerwear, score: 0.9, box: $0.box)) }
                let outerwear = outerwearBox != nil
                for garment in owner.garments {
                    let coarse = CoarseGarmentClass(category: garment.category)!
                    guard let box = regions.crop(for: GarmentDetection(coarseClass: coarse, score: 0.9, box: garment.box)),
                        let rect = box.pixelRect(width: image.width, height: image.height), rect.width >= 12, rect.height >= 12
                    else { continue }
                    let input = ImageCrop.fitted(image, rect: rect, width: 96, height: 96)
                    var category = garment.category
                    var embedding = Self.embedding(item: garment.itemID, frame: index)
                    if let models = garmentModels {
                        let out = models.runGarment(input, coarseClass: coarse)
                        let p = PerceptionPipeline.softmax(out.logits)
                        let best = models.garmentLabels.indices.filter { CoarseGarmentClass(category: models.garmentLabels[$0]) == coarse }
                            .max { p[$0] < p[$1] }!
                        category = models.garmentLabels[best]
                        embedding = GarmentEmbedding(raw: out.embedding)
                    }
                    // As the pipeline: a one-piece or trousers under outerwear are measured, and their thumbnail
                    // cut, below the outerwear's hem.
                    let below = outerwearBox.flatMap {
                        PerceptionPipeline.partShownBelow(
                            $0, of: box, coarseClass: coarse, width: image.width, height: image.height, minimumSide: 12)
                    }
                    guard let colour = settings.colour.estimate(
                        image, rect: below?.rect ?? rect, balance: balance,
                        sampling: coarse == .shoes ? .pair : (coarse == .top && outerwear ? .openFront : .inner))
                    else { continue }
                    let kept = regions.keptPart(of: below?.box ?? box).flatMap { part in
                        part.pixelRect(width: image.width, height: image.height).map {
                            (ImageCrop.thumbnail(image, rect: $0, maximumSide: settings.thumbnailMaximumSide), part)
                        }
                    }
                    garments.append(
                        GarmentObservation(
                            coarseClass: coarse, detectionScore: 0.9, box: box, category: category,
                            categoryProbability: 0.9, embedding: embedding,
                            colour: colour,
                            sharpness: Sharpness.laplacianVariance(Image(width: 96, height: 96, channels: 3, pixels: input)),
                            kept: kept))
                }
            }
            if let closed = tracker.add(FrameAnalysis(timestampSeconds: t, verdict: verdict, pose: owner.pose, garments: garments)) {
                try record(closed)
            }
        }
        if let last = tracker.finish() { try record(last) }

        // Associate each built item with the true garment its thumbnail was cut from.
        try store.refresh()
        let provenance = try String(contentsOfFile: folder.path + "/perception/thumbnails.jsonl", encoding: .utf8)
        var truthOf: [ItemID: String] = [:]
        for line in provenance.split(separator: "\n") {
            let record = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let item = ItemID(record["item"] as! String)!
            let frameTime = record["frame_time"] as! Double
            let b = record["box"] as! [Double]
            let box = PixelBox(x0: b[0], y0: b[1], x1: b[2], y1: b[3])
            let frameIndex = try #require(times.firstIndex { abs($0 - frameTime) < 1e-3 })
            let owner = try #require(frames[frameIndex].owner)
            truthOf[item] = owner.garments.max { $0.box.iou(box) < $1.box.iou(box) }?.itemID
            if let head = owner.headBox { #expect(box.intersection(head).area == 0) }
        }
        let trueWears = try JSONSerialization.jsonObject(
            with: Data(contentsOf: scenario.appendingPathComponent("wears.json"))) as! [[String: Any]]
        let truePairs = Set(trueWears.map { "\($0["item_id"] as! String) \($0["date"] as! String)" })
        let worn = Set(trueWears.map { $0["item_id"] as! String })
        let built = store.state.items.values
        let found = Set(built.compactMap { truthOf[$0.id] }).intersection(worn)
        let duplicates = Double(built.filter { truthOf[$0.id].map(worn.contains) ?? false }.count - found.count) / Double(worn.count)
        let predicted = Set(store.state.wearLog.flatMap { wear in wear.items.map { "\(truthOf[$0] ?? "?\($0)") \(wear.date)" } })
        let wearAccuracy = Double(predicted.intersection(truePairs).count) / Double(predicted.union(truePairs).count)
        let recall = Double(found.count) / Double(worn.count)
        print("oracle on \(scenario.lastPathComponent): recall \(recall) (\(found.count)/\(worn.count)), duplicates \(duplicates), wear accuracy \(wearAccuracy) (\(predicted.count) predicted pairs, \(truePairs.count) true)")
        print("  missed pairs: \(truePairs.subtracting(predicted).sorted()); wrong pairs: \(predicted.subtracting(truePairs).sorted())")
        for item in built.sorted(by: { $0.id < $1.id }) {
            print("  \(item.id) \(item.category.rawValue) \(item.colour.rawValue) ← \(truthOf[item.id] ?? "?")")
        }
        #expect(recall >= 0.9)
        #expect(duplicates <= 0.1)
        #expect(wearAccuracy >= 0.9)
    }
}
