/// An aligned, zero-filled heap block owned by a class, so that prepared operators can hand stable pointers to C
/// kernels. Allocated at load time only.
final class OwnedBuffer: @unchecked Sendable {
    let pointer: UnsafeMutableRawPointer
    let count: Int

    init(bytes: Int, alignment: Int = 64) {
        count = bytes
        pointer = UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: alignment)
        pointer.initializeMemory(as: UInt8.self, repeating: 0, count: max(bytes, 1))
    }

    convenience init<T>(copying values: [T]) {
        self.init(bytes: values.count * MemoryLayout<T>.stride)
        values.withUnsafeBytes { pointer.copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
    }

    func typed<T>(_ type: T.Type) -> UnsafeMutablePointer<T> { pointer.assumingMemoryBound(to: type) }

    deinit { pointer.deallocate() }
}
