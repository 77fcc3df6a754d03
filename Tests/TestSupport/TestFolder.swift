import Foundation

/// A fresh temporary folder for one test, removed when the value goes away.
public final class TestFolder: @unchecked Sendable {
    public let path: String

    public init(_ name: String = "test") {
        path = NSTemporaryDirectory() + "closetd-\(name)-\(UUID().uuidString.prefix(8))"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// Writes `text` to a file in the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        let file = "\(path)/\(name)"
        try! text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    public func file(_ name: String) -> String { "\(path)/\(name)" }

    /// The entries at these paths in the folder (relative to it) that other users may read, write or enter, with
    /// their modes in octal: empty when all are private to the owner and group. A missing entry is listed too.
    public func openToOthers(_ names: [String]) -> [String] {
        names.compactMap { name in
            guard let mode = (try? FileManager.default.attributesOfItem(atPath: file(name)))?[.posixPermissions] as? Int
            else { return "\(name): missing" }
            return mode & 0o007 == 0 ? nil : "\(name): \(String(mode, radix: 8))"
        }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// The built `closetd` executable: beside the test bundle, else in the package's .build/debug.
public var closetdExecutable: String {
    let besideTests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        .appendingPathComponent("closetd").path
    if FileManager.default.isExecutableFile(atPath: besideTests) { return besideTests }
    for argument in CommandLine.arguments where argument.hasSuffix(".xctest") {
        let candidate = URL(fileURLWithPath: argument).deletingLastPathComponent().appendingPathComponent("closetd").path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return packageRoot + "/.build/debug/closetd"
}

/// The package's root folder.
public let packageRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().path

/// The full path of a program on $PATH, or nil.
public func which(_ program: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
    let folders: [String] = path.split(separator: ":").map(String.init) + ["/usr/sbin", "/sbin"]
    for folder in folders {
        let candidate = "\(folder)/\(program)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}
