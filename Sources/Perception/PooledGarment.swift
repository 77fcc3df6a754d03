import Camera
import Inventory

/// The evidence for one garment over a mirror session: category and colour votes, the mean embedding, the mean
/// measured colour of the winning colour, and the sharpest crop.
public struct PooledGarment: Sendable {
    public let coarseClass: CoarseGarmentClass
    /// Frames the garment was seen in.
    public private(set) var frames = 0
    /// Close-up frames where it was seen cut off by the frame's edge (no evidence from those).
    public private(set) var cutFrames = 0
    /// Summed category probabilities.
    public private(set) var categoryVotes: [GarmentCategory: Double] = [:]
    /// Summed probabilities of the coarse class as a whole (`GarmentObservation.classProbability`).
    private var classProbabilitySum = 0.0
    /// Frames per colour name: of the frames whose colour was settled (`ColourEstimate.settled`), or of all frames
    /// while none was.
    public var colourVotes: [ColourName: Int] { colourSettled ? settledVotes : allVotes }
    /// Whether any frame's colour was settled; when none was, the colour may be the floor's or the hems'.
    public var colourSettled: Bool { !settledVotes.isEmpty }
    private var settledVotes: [ColourName: Int] = [:], allVotes: [ColourName: Int] = [:]
    private var settledSums: [ColourName: (l: Double, a: Double, b: Double)] = [:]
    private var allSums: [ColourName: (l: Double, a: Double, b: Double)] = [:]
    private var embeddingSum: [Float] = []
    /// The sharpest crop that may be kept (see `add`), its sharpness, box and frame time.
    public private(set) var sharpest: (thumbnail: Image, sharpness: Double, box: PixelBox, timestampSeconds: Double)?

    /// Nothing pooled yet.
    public init(coarseClass: CoarseGarmentClass) { self.coarseClass = coarseClass }

    /// Adds one frame's observation. Its crop may become the thumbnail only when `cropKeepable`: the frame's pose
    /// is trusted to keep the head out of the crop.
    public mutating func add(_ observation: GarmentObservation, timestampSeconds: Double, cropKeepable: Bool = true) {
        frames += 1
        categoryVotes[observation.category, default: 0] += observation.categoryProbability
        classProbabilitySum += observation.classProbability
        let c = observation.colour
        func tally(_ votes: inout [ColourName: Int], _ sums: inout [ColourName: (l: Double, a: Double, b: Double)]) {
            votes[c.name, default: 0] += 1
            let sum = sums[c.name] ?? (0, 0, 0)
            sums[c.name] = (sum.l + c.lightness, sum.a + c.a, sum.b + c.b)
        }
        tally(&allVotes, &allSums)
        if c.settled { tally(&settledVotes, &settledSums) }
        let e = observation.embedding.values
        if embeddingSum.isEmpty { embeddingSum = [Float](repeating: 0, count: e.count) }
        if e.count == embeddingSum.count { for i in e.indices { embeddingSum[i] += e[i] } }
        if cropKeepable, let kept = observation.kept, sharpest == nil || observation.sharpness > sharpest!.sharpness {
            sharpest = (kept.thumbnail, observation.sharpness, kept.box, timestampSeconds)
        }
    }

    /// Counts a close-up frame where the garment was seen cut off by the frame's edge.
    public mutating func addCutOff() { cutFrames += 1 }

    /// The category with the most votes (ties: the first in category order).
    public var category: GarmentCategory {
        GarmentCategory.allCases.filter { categoryVotes[$0] != nil }.max { categoryVotes[$0]! < categoryVotes[$1]! }
            ?? coarseClass.categories[0]
    }

    /// The winning category's mean probability per frame seen.
    public var categoryConfidence: Double { frames > 0 ? (categoryVotes[category] ?? 0) / Double(frames) : 0 }

    /// The classifier's mean probability per frame seen for the coarse class as a whole: low when the classifier,
    /// seeing only the crop, does not agree with the detector.
    public var classConfidence: Double { frames > 0 ? classProbabilitySum / Double(frames) : 0 }

    /// The colour with the most votes (ties: the first in name order).
    public var colour: ColourName {
        ColourName.allCases.filter { colourVotes[$0] != nil }.max { colourVotes[$0]! < colourVotes[$1]! } ?? .grey
    }

    /// The share of the colour votes that went to the winning colour (0 when there are none).
    public var colourAgreement: Double {
        let total = colourVotes.values.reduce(0, +)
        return total > 0 ? Double(colourVotes[colour] ?? 0) / Double(total) : 0
    }

    /// The mean measured colour of the frames that voted for the winning colour.
    public var measuredColour: MeasuredColour? {
        guard let sum = (colourSettled ? settledSums : allSums)[colour], let n = colourVotes[colour], n > 0 else {
            return nil
        }
        return ColourNaming.srgb(lightness: sum.l / Double(n), a: sum.a / Double(n), b: sum.b / Double(n))
    }

    /// The normalised mean embedding.
    public var embedding: GarmentEmbedding { GarmentEmbedding(raw: embeddingSum) }
}
