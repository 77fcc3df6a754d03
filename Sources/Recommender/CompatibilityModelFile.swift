import Foundation

/// The on-disk form of a `CompatibilityModel`, written atomically so that a crash or power cut leaves either the old
/// or the new model, never a torn one.
///
/// Layout (little-endian): 8 bytes magic `CDCOMPAT`, UInt32 version (1), UInt32 dimension d, UInt64 training
/// steps, d² Float32 weights (row-major), UInt32 FNV-1a checksum of all bytes before it.
public enum CompatibilityModelFile {
    static let magic = Array("CDCOMPAT".utf8)
    static let version: UInt32 = 1
    /// Models above this dimension are refused as corrupt (embeddings are 16–128 long).
    static let maximumDimension = 4096

    /// The file name the daemon uses in its state folder.
    public static let defaultFileName = "recommender-model.bin"

    /// Encodes a model.
    public static func encode(_ model: CompatibilityModel) -> [UInt8] {
        var bytes = magic
        func append<T: FixedWidthInteger>(_ value: T) {
            withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
        }
        append(version)
        append(UInt32(model.dimension))
        append(UInt64(model.trainingSteps))
        for weight in model.weights { append(weight.bitPattern) }
        append(checksum(bytes))
        return bytes
    }

    /// Decodes a model, checking everything: the bytes are untrusted.
    public static func decode(_ bytes: [UInt8], path: String = "<memory>") throws -> CompatibilityModel {
        func invalid(_ reason: String) -> ModelFileError { ModelFileError(.invalid, path: path, reason: reason) }
        let header = magic.count + 4 + 4 + 8
        guard bytes.count >= header + 4 else { throw invalid("too short (\(bytes.count) bytes)") }
        guard Array(bytes[0..<magic.count]) == magic else { throw invalid("not a closetd compatibility model") }
        func read<T: FixedWidthInteger>(_ type: T.Type, at offset: Int) -> T {
            var value: T = 0
            for i in 0..<MemoryLayout<T>.size { value |= T(bytes[offset + i]) << (8 * i) }
            return value
        }
        let fileVersion = read(UInt32.self, at: magic.count)
        guard fileVersion == version else {
            throw invalid("unsupported version \(fileVersion) (this build reads \(version))")
        }
        let dimension = Int(read(UInt32.self, at: magic.count + 4))
        guard dimension > 0, dimension <= maximumDimension else { throw invalid("bad dimension \(dimension)") }
        let steps = read(UInt64.self, at: magic.count + 8)
        let expected = header + dimension * dimension * 4 + 4
        guard bytes.count == expected else {
            throw invalid("size \(bytes.count) bytes, expected \(expected) for dimension \(dimension)")
        }
        let stored = read(UInt32.self, at: expected - 4)
        guard stored == checksum(bytes[0..<(expected - 4)]) else { throw invalid("checksum mismatch (corrupt)") }
        var weights = [Float](repeating: 0, count: dimension * dimension)
        for i in 0..<weights.count {
            let value = Float(bitPattern: read(UInt32.self, at: header + 4 * i))
            guard value.isFinite else { throw invalid("weight \(i) is not finite") }
            weights[i] = value
        }
        for r in 0..<dimension {
            for c in (r + 1)..<dimension where weights[r * dimension + c] != weights[c * dimension + r] {
                throw invalid("weights are not symmetric at (\(r), \(c))")
            }
        }
        guard steps <= UInt64(Int.max) else { throw invalid("bad step count \(steps)") }
        return CompatibilityModel(dimension: dimension, weights: weights, trainingSteps: Int(steps))
    }

    /// Saves atomically: temporary file beside `path`, fsync, rename over `path`, fsync of the folder.
    public static func save(_ model: CompatibilityModel, path: String) throws {
        try AtomicFile.replace(path, with: encode(model))
    }

    /// Loads the model at `path`; a missing file throws `.missing`, a bad one `.invalid` (the file is left as is).
    public static func load(path: String) throws -> CompatibilityModel {
        try decode(AtomicFile.contents(of: path), path: path)
    }

    static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var hash: UInt32 = 0x811C_9DC5
        for byte in bytes {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return hash
    }
}
