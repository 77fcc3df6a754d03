/// A .npy array (format 1.0/2.0, little-endian, C order): dtype descriptor, shape and raw bytes.
public struct NumpyArray: Equatable, Sendable {
    public var descriptor: String
    public var shape: [Int]
    public var data: [UInt8]

    public init(descriptor: String, shape: [Int], data: [UInt8]) {
        self.descriptor = descriptor
        self.shape = shape
        self.data = data
    }

    /// Parses .npy bytes; malformed headers are errors that say what is wrong.
    public init(bytes: [UInt8]) throws(NumpyFormatError) {
        let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw .init("not a .npy file (bad magic)") }
        let major = bytes[6]
        let headerLength: Int
        let headerStart: Int
        switch major {
        case 1:
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
            headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw .init("truncated header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default: throw .init("format version \(major) is not supported")
        }
        guard headerLength <= bytes.count - headerStart else { throw .init("header runs past the end of the file") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        func value(_ key: String) throws(NumpyFormatError) -> Substring {
            guard let range = header.firstRange(of: "'\(key)':") else { throw .init("header has no '\(key)'") }
            return header[range.upperBound...].drop { $0 == " " }
        }
        let descrValue = try value("descr")
        guard descrValue.first == "'", let end = descrValue.dropFirst().firstIndex(of: "'") else {
            throw .init("descr is not a string")
        }
        descriptor = String(descrValue[descrValue.index(after: descrValue.startIndex)..<end])
        guard try value("fortran_order").hasPrefix("False") else { throw .init("Fortran order is not supported") }
        let shapeValue = try value("shape")
        guard shapeValue.first == "(", let close = shapeValue.firstIndex(of: ")") else { throw .init("shape is not a tuple") }
        var shape: [Int] = []
        for part in shapeValue[shapeValue.index(after: shapeValue.startIndex)..<close].split(separator: ",") {
            let trimmed = part.trimmingPrefix(" ").split(separator: " ").first ?? ""
            guard let dimension = Int(trimmed), dimension >= 0, dimension < 1 << 31 else {
                throw .init("shape entry '\(part)' is not a dimension")
            }
            shape.append(dimension)
        }
        self.shape = shape
        var elements = 1
        for dimension in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow, product < 1 << 32 else { throw .init("shape \(shape) is too large") }
            elements = product
        }
        guard let size = Self.elementSize(descriptor) else { throw .init("dtype '\(descriptor)' is not supported") }
        let start = headerStart + headerLength
        guard bytes.count - start == elements * size else {
            throw .init("data holds \(bytes.count - start) bytes; shape \(shape) of '\(descriptor)' needs \(elements * size)")
        }
        data = Array(bytes[start...])
    }

    /// Bytes per element of a little-endian descriptor, nil if unsupported.
    static func elementSize(_ descriptor: String) -> Int? {
        switch descriptor {
        case "|i1", "|u1", "|b1", "i1", "u1": 1
        case "<i2", "<u2": 2
        case "<f4", "<i4", "<u4": 4
        case "<f8", "<i8", "<u8": 8
        default: nil
        }
    }

    /// The .npy (version 1.0) bytes of this array.
    public var bytes: [UInt8] {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descriptor)', 'fortran_order': False, 'shape': \(shapeText), }"
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        let length = header.utf8.count
        var out: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0, UInt8(length & 0xff), UInt8(length >> 8)]
        out += Array(header.utf8)
        out += data
        return out
    }
}

/// Why bytes are not a usable .npy array.
public struct NumpyFormatError: Error, Equatable, CustomStringConvertible {
    public var reason: String
    init(_ reason: String) { self.reason = reason }
    public var description: String { "bad .npy: \(reason)" }
}
