import CJPEGShim

/// Checks and repairs MJPEG frames as cameras send them, before they reach libjpeg.
public enum MJPEGFrame {
    /// The smallest frame worth decoding: SOI, a few segment headers, SOS and EOI.
    public static let minimumBytes = 128

    /// Throws when the frame is too short, or lacks the SOI or EOI marker. Some cameras pad after EOI with zeros:
    /// trailing zero bytes are allowed.
    public static func validate(_ frame: UnsafeRawBufferPointer) throws {
        let bytes = frame.bindMemory(to: UInt8.self)
        guard bytes.count >= minimumBytes else {
            throw JPEGError(.tooShort, "frame of \(bytes.count) bytes is shorter than \(minimumBytes)")
        }
        guard bytes[0] == 0xFF, bytes[1] == 0xD8 else {
            throw JPEGError(.missingStartOfImage, "frame does not start with SOI (FF D8)")
        }
        let end = lengthWithoutPadding(frame)
        guard end >= 4, bytes[end - 2] == 0xFF, bytes[end - 1] == 0xD9 else {
            throw JPEGError(.missingEndOfImage, "frame does not end with EOI (FF D9): truncated")
        }
    }

    /// The frame's length without the zero bytes some drivers leave after EOI.
    public static func lengthWithoutPadding(_ frame: UnsafeRawBufferPointer) -> Int {
        var end = frame.count
        while end > 2, frame[end - 1] == 0 { end -= 1 }
        return end
    }

    /// True when the frame has a DHT (Huffman table) segment before its first SOS.
    public static func hasHuffmanTables(_ frame: [UInt8]) -> Bool {
        guard let (_, found) = scanSegments(frame) else { return true }
        return found
    }

    /// The frame with the standard Huffman tables inserted before its first SOS segment when it has none (cheap UVC
    /// cameras leave them out, as Motion-JPEG allows); the frame itself otherwise.
    public static func withHuffmanTables(_ frame: [UInt8]) -> [UInt8] {
        guard let (sosOffset, found) = scanSegments(frame), !found else { return frame }
        var result = [UInt8]()
        result.reserveCapacity(frame.count + standardHuffmanSegment.count)
        result.append(contentsOf: frame[..<sosOffset])
        result.append(contentsOf: standardHuffmanSegment)
        result.append(contentsOf: frame[sosOffset...])
        return result
    }

    /// The DHT segment with the four standard tables, built once from libjpeg's own copy.
    public static let standardHuffmanSegment: [UInt8] = {
        var buffer = [UInt8](repeating: 0, count: 1024)
        let size = buffer.withUnsafeMutableBufferPointer { cjpeg_standard_huffman_segment($0.baseAddress, $0.count) }
        precondition(size > 0, "libjpeg gave no standard Huffman tables")
        return Array(buffer[..<size])
    }()

    /// Walks the marker segments up to the first SOS: its offset, and whether a DHT came before it. Nil when the
    /// structure is broken (libjpeg will then report it).
    static func scanSegments(_ frame: [UInt8]) -> (Int, Bool)? {
        var offset = 2
        var foundTables = false
        while offset + 4 <= frame.count {
            guard frame[offset] == 0xFF else { return nil }
            let marker = frame[offset + 1]
            if marker == 0xFF {  // fill byte
                offset += 1
                continue
            }
            if marker == 0xDA { return (offset, foundTables) }
            if marker == 0xC4 { foundTables = true }
            let length = Int(frame[offset + 2]) << 8 | Int(frame[offset + 3])
            guard length >= 2 else { return nil }
            offset += 2 + length
        }
        return nil
    }
}
