import Foundation

/// `models-int8/manifest.json`: which models a folder holds, their checksums and contracts. Models are loaded
/// through it, so a file that was changed or damaged is refused before the engine reads it.
public struct ModelManifest: Sendable {
    /// One model's entry.
    public struct Entry: Sendable, Decodable, Equatable {
        /// The contract's tensor description.
        public struct Tensor: Sendable, Decodable, Equatable {
            public var name: String
            public var shape: [Int]
            public var dtype: String
        }

        /// The model's role: `pose`, `detector`, `garment`.
        public var name: String
        /// File name inside the folder.
        public var file: String
        public var version: String
        /// Lower-case hex SHA-256 of the file.
        public var sha256: String
        public var input: Tensor
        public var outputs: [Tensor]
        /// Keypoint names, detector classes or garment categories, in output order.
        public var labels: [String]
        public var macs: Int?
    }

    private struct File: Decodable {
        var format: Int
        var models: [Entry]
    }

    /// The folder the manifest describes.
    public let folder: String
    /// The entries, in file order.
    public let entries: [Entry]

    /// The manifest's path for a models folder.
    public static func path(in folder: String) -> String { folder + "/manifest.json" }

    /// Reads and checks `<folder>/manifest.json` (format 1, unique names, well-formed checksums).
    public init(folder: String) throws(ModelManifestError) {
        let path = ModelManifest.path(in: folder)
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw .malformed(path: path, reason: "missing '\(key.stringValue)' at \(ModelManifest.where(context))")
        } catch let DecodingError.typeMismatch(_, context) {
            throw .malformed(path: path, reason: "wrong type at \(ModelManifest.where(context))")
        } catch {
            throw .malformed(path: path, reason: "not JSON of the expected form")
        }
        guard file.format == 1 else { throw .malformed(path: path, reason: "format \(file.format) is not 1") }
        var seen = Set<String>()
        for entry in file.models {
            guard seen.insert(entry.name).inserted else {
                throw .malformed(path: path, reason: "model '\(entry.name)' is listed twice")
            }
            guard entry.sha256.count == 64, entry.sha256.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else {
                throw .malformed(path: path, reason: "model '\(entry.name)': sha256 must be 64 lower-case hex digits")
            }
            guard !entry.file.contains("/"), !entry.file.isEmpty, entry.file != "..", entry.file != "." else {
                throw .malformed(path: path, reason: "model '\(entry.name)': file '\(entry.file)' must be a plain file name")
            }
        }
        self.folder = folder
        self.entries = file.models
    }

    /// The entry named `name`.
    public func entry(named name: String) throws(ModelManifestError) -> Entry {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw .unknownModel(name: name, manifest: ModelManifest.path(in: folder), known: entries.map(\.name))
        }
        return entry
    }

    /// The model file's bytes, after checking them against the manifest's SHA-256.
    public func verifiedModel(named name: String) throws(ModelManifestError) -> [UInt8] {
        let entry = try entry(named: name)
        let path = folder + "/" + entry.file
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .modelUnreadable(file: path, reason: (error as NSError).localizedDescription)
        }
        let actual = SHA256.hexDigest(of: bytes)
        guard actual == entry.sha256 else { throw .checksumMismatch(file: path, expected: entry.sha256, actual: actual) }
        return bytes
    }

    private static func `where`(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        return path.isEmpty ? "the top level" : path
    }
}
