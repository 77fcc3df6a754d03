import Camera
import Foundation
import Inventory
import Perception

/// The committed sample scenario (samples/): frames and their ground truth, for tests that need real rendered
/// frames but no trained model.
struct SampleTruth {
    struct Garment {
        var itemID: String
        var category: GarmentCategory
        var colour: ColourName
        var box: PixelBox
        var visiblePixels: Int
    }

    struct Owner {
        var pose: Pose
        var visibility: [Int]
        var headBox: PixelBox?
        var yawDegrees: Double
        var garments: [Garment]
    }

    struct FrameTruth {
        var file: String
        var width: Int, height: Int
        var owner: Owner?
        var passersBy: Int
    }

    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let folder = packageRoot.appendingPathComponent("samples")

    /// Where the end-to-end test keeps its rendered held-out scenario (seed 4242): the folder's name carries a
    /// fingerprint of the generator's sources, so a changed generator renders it again instead of scoring a
    /// scenario the ground truth no longer describes.
    static let heldOutScenario: URL = {
        let generator = packageRoot.appendingPathComponent("tools/scenegen")
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: generator.path)) ?? [])
            .filter { $0.hasSuffix(".py") }.sorted()
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325  // FNV-1a, 64 bits
        for name in names {
            let bytes = Array(name.utf8) + [0] + Array((try? Data(contentsOf: generator.appendingPathComponent(name))) ?? Data())
            for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        }
        let fingerprint = String(hash, radix: 16)
        return packageRoot.appendingPathComponent(".build/perception-e2e/seed-4242-\(fingerprint.prefix(12))")
    }()

    /// Every frame's truth, in time order.
    static func load(from scenario: URL = folder) throws -> [FrameTruth] {
        let text = try String(contentsOf: scenario.appendingPathComponent("truth.jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let people = object["people"] as! [[String: Any]]
            var owner: Owner?
            for person in people where person["role"] as? String == "owner" {
                let keypoints = person["keypoints"] as! [[Double]]
                // A visible keypoint scores high, a hidden one low, one outside the frame zero: what a good model gives.
                let points = keypoints.map { Pose.Point(x: $0[0], y: $0[1], score: $0[2] == 2 ? 0.9 : ($0[2] == 1 ? 0.15 : 0)) }
                let garments = (person["garments"] as! [[String: Any]]).map { g -> Garment in
                    let b = g["box"] as! [Double]
                    return Garment(
                        itemID: g["item_id"] as! String, category: GarmentCategory(parsing: g["category"] as! String)!,
                        colour: ColourName(parsing: g["colour"] as! String)!,
                        box: PixelBox(x0: b[0], y0: b[1], x1: b[2], y1: b[3]), visiblePixels: g["visible_pixels"] as! Int)
                }
                let head = (person["head_box"] as? [Double]).map { PixelBox(x0: $0[0], y0: $0[1], x1: $0[2], y1: $0[3]) }
                owner = Owner(
                    pose: Pose(points: points), visibility: keypoints.map { Int($0[2]) }, headBox: head,
                    yawDegrees: person["yaw_deg"] as? Double ?? 0, garments: garments)
            }
            return FrameTruth(
                file: object["file"] as! String, width: object["width"] as! Int, height: object["height"] as! Int,
                owner: owner, passersBy: people.count - (owner == nil ? 0 : 1))
        }
    }

    /// The decoded RGB frame.
    static func image(_ frame: FrameTruth, in scenario: URL = folder) throws -> Image {
        let data = try Data(contentsOf: scenario.appendingPathComponent(frame.file))
        return try JPEGDecoder().decode([UInt8](data))
    }
}
