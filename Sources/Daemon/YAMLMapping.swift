import Yams

/// Reads one YAML mapping field by field and rejects keys nobody asked for.
///
/// Codable would silently ignore an unknown (misspelt) key; a config reader must not.
struct YAMLMapping {
    let path: String
    private let entries: [(key: String, value: Node)]
    private var consumed: Set<String> = []

    init(_ node: Node?, path: String) throws(ConfigError) {
        self.path = path
        guard let node else {
            entries = []
            return
        }
        if case .scalar(let scalar) = node, scalar.string.isEmpty || scalar.string == "~" || scalar.string == "null" {
            entries = []
            return
        }
        guard let mapping = node.mapping else {
            throw ConfigError(field: path, reason: "must be a mapping of keys to values")
        }
        var seen: Set<String> = []
        var list: [(String, Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw ConfigError(field: path, reason: "keys must be plain strings")
            }
            guard seen.insert(name).inserted else {
                throw ConfigError(field: path.isEmpty ? name : "\(path).\(name)", reason: "is given twice")
            }
            list.append((name, value))
        }
        entries = list
    }

    private func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    private mutating func node(_ key: String) -> Node? {
        consumed.insert(key)
        guard let node = entries.first(where: { $0.key == key })?.value else { return nil }
        if case .scalar(let scalar) = node, scalar.style == .plain,
            ["", "~", "null", "Null", "NULL"].contains(scalar.string)
        {
            return nil
        }
        return node
    }

    private func scalarText(_ node: Node, _ key: String) throws(ConfigError) -> String {
        guard let scalar = node.scalar else {
            throw ConfigError(field: fieldPath(key), reason: "must be a single value, not a list or mapping")
        }
        return scalar.string
    }

    /// A string, or nil when absent or null.
    mutating func string(_ key: String) throws(ConfigError) -> String? {
        guard let node = node(key) else { return nil }
        return try scalarText(node, key)
    }

    /// A whole number within `range`, or nil when absent.
    mutating func integer(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let node = node(key) else { return nil }
        let text = try scalarText(node, key)
        guard let value = Int(text) else {
            // Also digits too many for an Int: the range is what the reader needs to know.
            throw ConfigError(
                field: fieldPath(key), value: text,
                reason: "must be a whole number between \(range.lowerBound) and \(range.upperBound)")
        }
        guard range.contains(value) else {
            throw ConfigError(
                field: fieldPath(key), value: text,
                reason: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// A number within `range`, or nil when absent.
    mutating func number(_ key: String, in range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        guard let node = node(key) else { return nil }
        let text = try scalarText(node, key)
        guard let value = Double(text), value.isFinite else {
            throw ConfigError(field: fieldPath(key), value: text, reason: "must be a number")
        }
        guard range.contains(value) else {
            throw ConfigError(
                field: fieldPath(key), value: text,
                reason: "must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return value
    }

    /// A boolean (`true`/`false`, also `yes`/`no`/`on`/`off`), or nil when absent.
    mutating func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let node = node(key) else { return nil }
        let text = try scalarText(node, key)
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw ConfigError(field: fieldPath(key), value: text, reason: "must be true or false")
        }
    }

    /// A nested mapping (empty when absent).
    mutating func mapping(_ key: String) throws(ConfigError) -> YAMLMapping {
        try YAMLMapping(node(key), path: fieldPath(key))
    }

    /// Throws for the first key that was never read: unknown keys are errors, not silently ignored.
    func rejectUnknownKeys(known extra: [String] = []) throws(ConfigError) {
        for (key, value) in entries where !consumed.contains(key) && !extra.contains(key) {
            let known = consumed.sorted().joined(separator: ", ")
            throw ConfigError(
                field: fieldPath(key), value: value.scalar?.string,
                reason: "unknown key (known here: \(known))")
        }
    }

    /// The error for a value that was read but is not acceptable.
    func invalid(_ key: String, _ value: String, _ reason: String) -> ConfigError {
        ConfigError(field: fieldPath(key), value: value, reason: reason)
    }
}
