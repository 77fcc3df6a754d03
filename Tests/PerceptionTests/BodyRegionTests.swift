import Inventory
import Testing

@testable import Perception

@Suite struct BodyRegionTests {
    /// `pose` with both shoulders moved up by `share` of the shoulder-to-ankle height: a pose model's error.
    static func raisingShoulders(_ pose: Pose, by share: Double) -> Pose {
        var raised = pose
        let bodyHeight = (pose[.leftAnkle].y + pose[.rightAnkle].y - pose[.leftShoulder].y - pose[.rightShoulder].y) / 2
        raised[.leftShoulder].y -= share * bodyHeight
        raised[.rightShoulder].y -= share * bodyHeight
        return raised
    }

    /// On every sample frame with a whole person, each ground-truth garment box taken as a detection gives a crop
    /// that does not touch the ground-truth head box, starts at or below the head clearance line, and keeps most of
    /// the garment; also when the pose model puts the shoulders too high by up to 5 % of the body's height (the
    /// held-out scenario had a thumbnail take the last row of a chin that way).
    @Test(arguments: [0.0, 0.025, 0.05])
    func cropsOfTheSampleGarmentsNeverHoldTheHead(shouldersTooHigh: Double) throws {
        let frames = try SampleTruth.load()
        let check = PersonCheck()
        var crops = 0, kept = 0.0, garmentArea = 0.0
        for frame in frames {
            guard let owner = frame.owner,
                check.evaluate(owner.pose, frameWidth: frame.width, frameHeight: frame.height) == .wholePerson
            else { continue }
            let regions = BodyRegions(
                pose: Self.raisingShoulders(owner.pose, by: shouldersTooHigh), frameWidth: frame.width,
                frameHeight: frame.height)
            for garment in owner.garments {
                let detection = GarmentDetection(
                    coarseClass: CoarseGarmentClass(category: garment.category)!, score: 0.9, box: garment.box)
                guard let crop = regions.crop(for: detection) else {
                    Issue.record("\(frame.file): no crop for \(garment.itemID) (\(garment.category))")
                    continue
                }
                crops += 1
                #expect(crop.y0 >= regions.headClearanceY)
                if let head = owner.headBox {
                    #expect(crop.intersection(head).area == 0, "\(frame.file) \(garment.itemID): crop \(crop) head \(head)")
                    // Whole pixels of the crop, as the thumbnail takes them.
                    if let r = crop.pixelRect(width: frame.width, height: frame.height) {
                        #expect(Double(r.y) >= head.y1 || Double(r.x + r.width) <= head.x0 || Double(r.x) >= head.x1
                            || Double(r.y + r.height) <= head.y0)
                    }
                }
                kept += crop.intersection(garment.box).area
                garmentArea += garment.box.area
            }
        }
        #expect(crops >= 40, "only \(crops) garment crops in the sample")
        // Refining keeps most of each garment (the part above the shoulder line and outside the body is cut).
        #expect(kept / garmentArea >= 0.8, "crops keep \(kept / garmentArea) of the garment boxes")
    }

    /// What is kept of a crop (the thumbnail) stays clear of the head even when the pose puts the shoulders too high
    /// by twice what the analysis crop allows for: a moving person's pose, or one blended with someone beside them
    /// (a held-out scenario had shoulders 20 pixels, 7 % of the body's height, too high that way).
    @Test(arguments: [0.05, 0.075, 0.1])
    func keptPartsOfTheSampleCropsHoldNoHeadWithShouldersFarTooHigh(shouldersTooHigh: Double) throws {
        var kept = 0
        for frame in try SampleTruth.load() {
            guard let owner = frame.owner, let head = owner.headBox,
                PersonCheck().evaluate(owner.pose, frameWidth: frame.width, frameHeight: frame.height) == .wholePerson
            else { continue }
            let regions = BodyRegions(
                pose: Self.raisingShoulders(owner.pose, by: shouldersTooHigh), frameWidth: frame.width,
                frameHeight: frame.height)
            #expect(regions.keptClearanceY > regions.headClearanceY)
            for garment in owner.garments {
                let detection = GarmentDetection(
                    coarseClass: CoarseGarmentClass(category: garment.category)!, score: 0.9, box: garment.box)
                guard let crop = regions.crop(for: detection), let part = regions.keptPart(of: crop),
                    let r = part.pixelRect(width: frame.width, height: frame.height)
                else { continue }
                kept += 1
                #expect(part.y0 >= regions.keptClearanceY && part.y1 == crop.y1)
                #expect(
                    Double(r.y) >= head.y1 || Double(r.x + r.width) <= head.x0 || Double(r.x) >= head.x1,
                    "\(frame.file) \(garment.itemID): kept \(part) head \(head)")
            }
        }
        #expect(kept >= 40, "only \(kept) kept crops in the sample")
    }

    /// Random poses and boxes anywhere (including over the head): no crop ever reaches above the shoulder line.
    @Test func noCropReachesAboveTheShoulders() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var pose = PoseAndPersonCheckTests.standing(
                shift: Double.random(in: -100...100, using: &generator), scale: Double.random(in: 0.5...1.1, using: &generator))
            for k in BodyKeypoint.allCases {
                pose[k].x += Double.random(in: -8...8, using: &generator)
                pose[k].y += Double.random(in: -8...8, using: &generator)
            }
            let regions = BodyRegions(pose: pose, frameWidth: 480, frameHeight: 640)
            let x0 = Double.random(in: 0...400, using: &generator), y0 = Double.random(in: 0...600, using: &generator)
            let box = PixelBox(
                x0: x0, y0: y0, x1: x0 + Double.random(in: 10...300, using: &generator),
                y1: y0 + Double.random(in: 10...500, using: &generator))
            for coarse in CoarseGarmentClass.allCases {
                if let crop = regions.crop(for: GarmentDetection(coarseClass: coarse, score: 1, box: box)) {
                    #expect(crop.y0 >= min(pose[.leftShoulder].y, pose[.rightShoulder].y))
                    #expect(crop.y0 > pose[.nose].y)
                }
            }
        }
    }

    /// Where a dress or trousers under outerwear are measured and their thumbnail cut: below the outerwear's hem,
    /// when enough of them shows there; never for tops, outerwear or shoes.
    @Test func aOnePieceOrTrousersUnderOuterwearShowBelowItsHem() {
        let dress = PixelBox(x0: 100.5, y0: 300, x1: 200, y1: 500)
        func below(_ cover: PixelBox, _ box: PixelBox = dress, _ coarseClass: CoarseGarmentClass = .onePiece)
            -> (box: PixelBox, rect: (x: Int, y: Int, width: Int, height: Int))?
        {
            PerceptionPipeline.partShownBelow(
                cover, of: box, coarseClass: coarseClass, width: 480, height: 640, minimumSide: 12)
        }
        let jacket = PixelBox(x0: 90, y0: 280, x1: 210, y1: 400.4)
        #expect(below(jacket).map { [$0.rect.x, $0.rect.y, $0.rect.width, $0.rect.height] } == [101, 401, 99, 99])
        #expect(below(jacket)?.box == PixelBox(x0: 100.5, y0: 400.4, x1: 200, y1: 500))
        // A long coat leaves 30 pixels, less than a fifth of the dress: nothing to measure apart from the coat.
        #expect(below(PixelBox(x0: 90, y0: 280, x1: 210, y1: 470)) == nil)
        // Outerwear ending above the dress leaves all of it.
        #expect(below(PixelBox(x0: 90, y0: 100, x1: 210, y1: 250)).map { [$0.rect.y, $0.rect.height] } == [300, 200])
        // Jeans under a coat to the knees: the shins below its hem.
        let jeans = PixelBox(x0: 110, y0: 380, x1: 190, y1: 600)
        let coat = PixelBox(x0: 80, y0: 200, x1: 220, y1: 480)
        #expect(below(coat, jeans, .bottom)?.box == PixelBox(x0: 110, y0: 480, x1: 190, y1: 600))
        for other in [CoarseGarmentClass.top, .outerwear, .shoes] {
            #expect(below(coat, jeans, other) == nil, "\(other)")
        }
    }

    @Test func aBoxAwayFromTheBodyIsNotThisPersonsGarment() {
        let pose = PoseAndPersonCheckTests.standing(shift: -120)
        let regions = BodyRegions(pose: pose, frameWidth: 480, frameHeight: 640)
        // A passer-by's top at the right edge.
        let far = GarmentDetection(coarseClass: .top, score: 0.9, box: PixelBox(x0: 400, y0: 150, x1: 470, y1: 300))
        #expect(regions.crop(for: far) == nil)
    }
}
