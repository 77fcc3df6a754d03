import Foundation
import Inventory

/// What closetd needs from `models-int8/manifest.json`: per model (pose, detector, garment) its file, the names of
/// its output tensors by role, and the garment classifier's labels.
///
/// The reader is tolerant about layout: `models` may be an object keyed by model name or an array of objects with
/// `name`; an entry's `outputs` may map roles to tensor names or list `{"name": role, "tensor": tensor}`. What it
/// cannot find falls back to the contract (file `<name>.tflite`, outputs identified by shape, labels in contract
/// order).
public struct ModelManifest: Sendable, Equatable {
    /// One model's entry.
    public struct Entry: Sendable, Equatable {
        /// File name inside the models folder.
        public var file: String
        /// Output role (`scores`, `boxes`, `logits`, `embedding`, `keypoints`) → tensor name.
        public var outputTensors: [String: String]
        /// Labels, for the garment classifier.
        public var labels: [String]?
        /// The sha256 the manifest states (lower-case hex), if any.
        public var sha256: String?
    }

    public var pose: Entry
    public var detector: Entry
    public var garment: Entry

    /// The garment classifier's labels in the contract's order (used when the manifest lists none).
    public static let contractGarmentLabels: [GarmentCategory] = [
        .dresses, .tops, .tshirts, .shirts, .blouses, .jackets, .shorts, .pants, .jeans, .skirts, .jumpsuits, .coats, .shoes,
    ]

    /// Entries for a folder without a manifest: the contract's file names.
    public init() {
        pose = Entry(file: "pose.tflite", outputTensors: [:], labels: nil, sha256: nil)
        detector = Entry(file: "detector.tflite", outputTensors: [:], labels: nil, sha256: nil)
        garment = Entry(file: "garment.tflite", outputTensors: [:], labels: nil, sha256: nil)
    }

    /// Parses manifest JSON; `file` names it in errors.
    public init(json bytes: [UInt8], file: String) throws(PerceptionError) {
        self.init()
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw PerceptionError(.badManifest, "\(file): not valid JSON: \(error.localizedDescription)")
        }
        guard let top = root as? [String: Any] else {
            throw PerceptionError(.badManifest, "\(file): expected a JSON object at the top")
        }
        var entries: [String: [String: Any]] = [:]
        if let models = top["models"] as? [String: Any] {
            for (name, value) in models { if let entry = value as? [String: Any] { entries[name] = entry } }
        } else if let models = top["models"] as? [Any] {
            for value in models {
                if let entry = value as? [String: Any], let name = entry["name"] as? String { entries[name] = entry }
            }
        } else {
            for (name, value) in top { if let entry = value as? [String: Any] { entries[name] = entry } }
        }
        func entry(_ name: String, default fallback: Entry) -> Entry {
            guard let raw = entries[name] ?? entries.first(where: { $0.key.hasPrefix(name) })?.value else { return fallback }
            var result = fallback
            if let f = (raw["file"] ?? raw["path"]) as? String { result.file = f }
            if let sha = raw["sha256"] as? String { result.sha256 = sha.lowercased() }
            if let labels = raw["labels"] as? [String] {
                result.labels = labels
            } else if let labels = Self.firstStringList(in: raw, key: "labels") {
                result.labels = labels
            }
            let outputs = raw["outputs"] ?? (raw["contract"] as? [String: Any])?["outputs"]
            if let map = outputs as? [String: Any] {
                for (role, value) in map {
                    if let tensor = value as? String {
                        result.outputTensors[role] = tensor
                    } else if let object = value as? [String: Any], let tensor = (object["tensor"] ?? object["name"]) as? String {
                        result.outputTensors[role] = tensor
                    }
                }
            } else if let list = outputs as? [Any] {
                for value in list {
                    guard let object = value as? [String: Any] else { continue }
                    let role = (object["role"] ?? object["name"]) as? String
                    let tensor = (object["tensor"] ?? object["tensor_name"] ?? object["name"]) as? String
                    if let role, let tensor { result.outputTensors[role] = tensor }
                }
            }
            return result
        }
        pose = entry("pose", default: pose)
        detector = entry("detector", default: detector)
        garment = entry("garment", default: garment)
    }

    /// The first list of strings under `key` anywhere inside `value` (labels may sit in an output's contract).
    private static func firstStringList(in value: Any, key: String) -> [String]? {
        if let object = value as? [String: Any] {
            if let list = object[key] as? [String] { return list }
            for name in object.keys.sorted() {
                if let found = firstStringList(in: object[name]!, key: key) { return found }
            }
        } else if let array = value as? [Any] {
            for element in array { if let found = firstStringList(in: element, key: key) { return found } }
        }
        return nil
    }

    /// The garment labels as categories; throws naming an unknown label.
    public func garmentCategories(file: String) throws(PerceptionError) -> [GarmentCategory] {
        guard let labels = garment.labels else { return Self.contractGarmentLabels }
        var result: [GarmentCategory] = []
        for label in labels {
            guard let category = GarmentCategory(parsing: label) else {
                throw PerceptionError(.badManifest, "\(file): garment label '\(label)' is not a category (\(GarmentCategory.namesList))")
            }
            result.append(category)
        }
        return result
    }
}
