/// Why a model folder's manifest or one of its models cannot be used. Each message names the file and the reason.
public enum ModelManifestError: Error, Equatable, CustomStringConvertible {
    /// The manifest is missing or unreadable.
    case unreadable(path: String, reason: String)
    /// The manifest is not the JSON we expect.
    case malformed(path: String, reason: String)
    /// The manifest has no model of that name.
    case unknownModel(name: String, manifest: String, known: [String])
    /// A model file's bytes are not the ones the manifest vouches for.
    case checksumMismatch(file: String, expected: String, actual: String)
    /// A model file the manifest names is missing or unreadable.
    case modelUnreadable(file: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path): cannot read the model manifest: \(reason)"
        case .malformed(let path, let reason): "\(path): not a valid model manifest: \(reason)"
        case .unknownModel(let name, let manifest, let known):
            "\(manifest): no model named '\(name)' (it lists \(known.joined(separator: ", ")))"
        case .checksumMismatch(let file, let expected, let actual):
            "\(file): sha256 \(actual) differs from the manifest's \(expected); refusing a model that was changed or damaged (reinstall it, or regenerate the manifest with tools/models/make_manifest.py)"
        case .modelUnreadable(let file, let reason): "\(file): cannot read the model: \(reason)"
        }
    }
}
