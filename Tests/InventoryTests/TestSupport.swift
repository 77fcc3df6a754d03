import Foundation
import Glibc
import Inventory
import InventoryStore

/// A fresh temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() {
        var template = Array((NSTemporaryDirectory() + "/closetd-inventory-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(cString: made!)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// The inventory files inside this folder used as a state folder.
    var paths: StorePaths { StorePaths(stateDirectory: path) }
}

/// An executable built beside the tests (`closetd`, `inventory-torture`).
func builtExecutable(_ name: String) -> String {
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name)
        .path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    // The test bundle may sit one level deeper (xctest bundle folder) than the products.
    var url = URL(fileURLWithPath: CommandLine.arguments[0])
    for _ in 0..<4 {
        url.deleteLastPathComponent()
        let candidate = url.appendingPathComponent(name).path
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    return packageRoot.appendingPathComponent(".build/debug/\(name)").path
}

/// What a finished process printed and how it exited.
struct ProcessResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// Runs `executable` with `arguments` (and `input` on standard input) to completion.
func run(_ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String]? = nil) throws
    -> ProcessResult
{
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let environment { process.environment = environment }
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    let inputPipe = Pipe()
    process.standardInput = inputPipe
    try process.run()
    if let input { inputPipe.fileHandleForWriting.write(Data(input.utf8)) }
    try inputPipe.fileHandleForWriting.close()
    // Read both pipes to the end before waiting, so a chatty process cannot block on a full pipe.
    let errorData = ThreadSafeBox<Data>(Data())
    let errorReader = Thread { errorData.value = error.fileHandleForReading.readDataToEndOfFile() }
    errorReader.start()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errorData.done { usleep(1000) }
    return ProcessResult(
        status: process.terminationStatus, standardOutput: String(decoding: outputData, as: UTF8.self),
        standardError: String(decoding: errorData.value, as: UTF8.self))
}

/// A value handed from one thread to another once.
final class ThreadSafeBox<T>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: T
    private var finished = false
    init(_ value: T) { stored = value }
    var value: T {
        get { lock.withLock { stored } }
        set {
            lock.withLock {
                stored = newValue
                finished = true
            }
        }
    }
    var done: Bool { lock.withLock { finished } }
}

/// Reads a whole file, or nil.
func contents(_ path: String) -> [UInt8]? {
    FileManager.default.contents(atPath: path).map { Array($0) }
}

/// Replaces a file's bytes (to damage a store on purpose).
func overwrite(_ path: String, _ data: Data) {
    let written = FileManager.default.createFile(atPath: path, contents: data)
    precondition(written, "cannot write \(path)")
}
