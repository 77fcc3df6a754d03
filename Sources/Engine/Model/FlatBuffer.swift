/// Bounds-checked little-endian reads from a flatbuffer held in memory. Every read names the field it is for, so an
/// out-of-range offset becomes a `ModelFormatError` that says where.
struct FlatBuffer: Sendable {
    let bytes: [UInt8]

    var count: Int { bytes.count }

    /// Checks that `size` bytes at `offset` lie inside the buffer (overflow-safe).
    func require(_ offset: Int, _ size: Int, _ field: @autoclosure () -> String) throws(ModelFormatError) {
        guard offset >= 0, size >= 0, offset <= bytes.count, size <= bytes.count - offset else {
            throw ModelFormatError(
                .outOfBounds, field(), "\(size) bytes at offset \(offset) lie outside the \(bytes.count)-byte file")
        }
    }

    func uint8(_ offset: Int, _ field: @autoclosure () -> String) throws(ModelFormatError) -> UInt8 {
        try require(offset, 1, field())
        return bytes[offset]
    }

    func uint16(_ offset: Int, _ field: @autoclosure () -> String) throws(ModelFormatError) -> UInt16 {
        try require(offset, 2, field())
        return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    func uint32(_ offset: Int, _ field: @autoclosure () -> String) throws(ModelFormatError) -> UInt32 {
        try require(offset, 4, field())
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    func uint64(_ offset: Int, _ field: @autoclosure () -> String) throws(ModelFormatError) -> UInt64 {
        let low = try uint32(offset, field())
        let high = try uint32(offset + 4, field())
        return UInt64(low) | UInt64(high) << 32
    }

    /// Follows a uoffset (relative, forward, unsigned) stored at `offset` and returns the absolute position.
    func follow(_ offset: Int, _ field: @autoclosure () -> String) throws(ModelFormatError) -> Int {
        let relative = Int(try uint32(offset, field()))
        let target = offset + relative
        try require(target, 0, field())
        return target
    }

    /// The root table.
    func root() throws(ModelFormatError) -> FlatTable {
        try FlatTable(buffer: self, position: try follow(0, "root offset"), field: "model")
    }
}

/// A table: its position and its vtable, checked once. Fields are read by vtable slot (declaration order in the
/// schema, a union taking two slots: its type then its value).
struct FlatTable: Sendable {
    let buffer: FlatBuffer
    let position: Int
    let field: String
    private let vtable: Int
    private let vtableSize: Int
    private let tableSize: Int

    init(buffer: FlatBuffer, position: Int, field: String) throws(ModelFormatError) {
        self.buffer = buffer
        self.position = position
        self.field = field
        let soffset = Int(Int32(bitPattern: try buffer.uint32(position, field + " (table)")))
        let vtable = position - soffset
        try buffer.require(vtable, 4, field + " (vtable)")
        let vtableSize = Int(try buffer.uint16(vtable, field + " (vtable size)"))
        let tableSize = Int(try buffer.uint16(vtable + 2, field + " (table size)"))
        guard vtableSize >= 4, vtableSize % 2 == 0 else {
            throw ModelFormatError(.invalid, field, "vtable size \(vtableSize) is not an even number >= 4")
        }
        guard tableSize >= 4 else {
            throw ModelFormatError(.invalid, field, "table size \(tableSize) is smaller than its vtable offset")
        }
        try buffer.require(vtable, vtableSize, field + " (vtable)")
        try buffer.require(position, tableSize, field + " (table)")
        self.vtable = vtable
        self.vtableSize = vtableSize
        self.tableSize = tableSize
    }

    /// Absolute position of a field of `size` bytes, or nil when absent; checked against the table's size.
    func fieldPosition(_ slot: Int, size: Int, name: String) throws(ModelFormatError) -> Int? {
        let entry = 4 + 2 * slot
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(try buffer.uint16(vtable + entry, "\(field).\(name) (vtable entry)"))
        if offset == 0 { return nil }
        guard offset >= 4, offset + size <= tableSize else {
            throw ModelFormatError(
                .outOfBounds, "\(field).\(name)", "field at \(offset) (\(size) bytes) is outside its \(tableSize)-byte table")
        }
        return position + offset
    }

    func uint8(_ slot: Int, _ name: String, default value: UInt8 = 0) throws(ModelFormatError) -> UInt8 {
        guard let at = try fieldPosition(slot, size: 1, name: name) else { return value }
        return try buffer.uint8(at, "\(field).\(name)")
    }

    func int8(_ slot: Int, _ name: String, default value: Int8 = 0) throws(ModelFormatError) -> Int8 {
        Int8(bitPattern: try uint8(slot, name, default: UInt8(bitPattern: value)))
    }

    func bool(_ slot: Int, _ name: String, default value: Bool = false) throws(ModelFormatError) -> Bool {
        try uint8(slot, name, default: value ? 1 : 0) != 0
    }

    func int32(_ slot: Int, _ name: String, default value: Int32 = 0) throws(ModelFormatError) -> Int32 {
        guard let at = try fieldPosition(slot, size: 4, name: name) else { return value }
        return Int32(bitPattern: try buffer.uint32(at, "\(field).\(name)"))
    }

    func uint32(_ slot: Int, _ name: String, default value: UInt32 = 0) throws(ModelFormatError) -> UInt32 {
        guard let at = try fieldPosition(slot, size: 4, name: name) else { return value }
        return try buffer.uint32(at, "\(field).\(name)")
    }

    func uint64(_ slot: Int, _ name: String, default value: UInt64 = 0) throws(ModelFormatError) -> UInt64 {
        guard let at = try fieldPosition(slot, size: 8, name: name) else { return value }
        return try buffer.uint64(at, "\(field).\(name)")
    }

    func float32(_ slot: Int, _ name: String, default value: Float = 0) throws(ModelFormatError) -> Float {
        guard let at = try fieldPosition(slot, size: 4, name: name) else { return value }
        return Float(bitPattern: try buffer.uint32(at, "\(field).\(name)"))
    }

    /// A sub-table, or nil when absent.
    func table(_ slot: Int, _ name: String) throws(ModelFormatError) -> FlatTable? {
        guard let at = try fieldPosition(slot, size: 4, name: name) else { return nil }
        return try FlatTable(buffer: buffer, position: try buffer.follow(at, "\(field).\(name)"), field: "\(field).\(name)")
    }

    /// A vector of `elementSize`-byte elements, or nil when absent; its whole extent is checked.
    func vector(_ slot: Int, _ name: String, elementSize: Int) throws(ModelFormatError) -> FlatVector? {
        guard let at = try fieldPosition(slot, size: 4, name: name) else { return nil }
        let path = "\(field).\(name)"
        let start = try buffer.follow(at, path)
        let count = Int(try buffer.uint32(start, path + " (length)"))
        let (bytes, overflow) = count.multipliedReportingOverflow(by: elementSize)
        guard !overflow else { throw ModelFormatError(.outOfBounds, path, "length \(count) overflows") }
        try buffer.require(start + 4, bytes, "\(path) (\(count) elements of \(elementSize) bytes)")
        return FlatVector(buffer: buffer, start: start + 4, count: count, elementSize: elementSize, field: path)
    }

    func string(_ slot: Int, _ name: String) throws(ModelFormatError) -> String? {
        guard let vector = try vector(slot, name, elementSize: 1) else { return nil }
        return String(decoding: buffer.bytes[vector.start..<(vector.start + vector.count)], as: UTF8.self)
    }

    func int32Array(_ slot: Int, _ name: String) throws(ModelFormatError) -> [Int32]? {
        guard let vector = try vector(slot, name, elementSize: 4) else { return nil }
        var values: [Int32] = []
        values.reserveCapacity(vector.count)
        for index in 0..<vector.count { values.append(Int32(bitPattern: try vector.uint32(index))) }
        return values
    }

    func floatArray(_ slot: Int, _ name: String) throws(ModelFormatError) -> [Float]? {
        guard let vector = try vector(slot, name, elementSize: 4) else { return nil }
        var values: [Float] = []
        values.reserveCapacity(vector.count)
        for index in 0..<vector.count { values.append(Float(bitPattern: try vector.uint32(index))) }
        return values
    }

    func int64Array(_ slot: Int, _ name: String) throws(ModelFormatError) -> [Int64]? {
        guard let vector = try vector(slot, name, elementSize: 8) else { return nil }
        var values: [Int64] = []
        values.reserveCapacity(vector.count)
        for index in 0..<vector.count { values.append(Int64(bitPattern: try vector.uint64(index))) }
        return values
    }
}

/// A vector whose extent has been checked against the buffer.
struct FlatVector: Sendable {
    let buffer: FlatBuffer
    let start: Int
    let count: Int
    let elementSize: Int
    let field: String

    func uint32(_ index: Int) throws(ModelFormatError) -> UInt32 {
        try buffer.uint32(start + index * elementSize, "\(field)[\(index)]")
    }

    func uint64(_ index: Int) throws(ModelFormatError) -> UInt64 {
        try buffer.uint64(start + index * elementSize, "\(field)[\(index)]")
    }

    /// The table that element `index` (a uoffset) points to.
    func table(_ index: Int) throws(ModelFormatError) -> FlatTable {
        let at = start + index * 4
        let path = "\(field)[\(index)]"
        return try FlatTable(buffer: buffer, position: try buffer.follow(at, path), field: path)
    }

    /// The byte range of the vector's contents.
    var byteRange: Range<Int> { start..<(start + count * elementSize) }
}
