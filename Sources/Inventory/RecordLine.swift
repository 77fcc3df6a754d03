/// The framing of one record: a JSON object on one line, its CRC-32 last.
///
///     {"seq":12,"kind":"wear","data":{...},"crc":"89abcdef"}
///
/// The checksum covers the bytes before `,"crc":`, so the line stays plain JSON and the check needs no parsing.
/// Snapshot lines carry no `seq` (the snapshot header says which sequence number it is complete through).
public enum RecordLine {
    /// A record read back from a line.
    public struct Decoded: Sendable {
        public var sequence: UInt64?
        public var kind: String
        /// The record's `data` (for a wear read by the fast path, rebuilt on demand).
        public var data: JSONValue { wear.map { RecordCoding.encode($0) } ?? parsedData }
        var parsedData: JSONValue
        /// A wear record in the exact form closetd writes, read without building a JSON tree: the wear log is
        /// most of a store, and this is most of its load time.
        public var wear: WearEvent?

        init(sequence: UInt64?, kind: String, data: JSONValue, wear: WearEvent? = nil) {
            self.sequence = sequence
            self.kind = kind
            self.parsedData = data
            self.wear = wear
        }
    }

    /// Length of `,"crc":"xxxxxxxx"}`.
    static let trailerLength = 18

    /// The line (with its newline) for a record.
    public static func encode(sequence: UInt64?, kind: String, data: JSONValue) -> [UInt8] {
        var writer = JSONWriter()
        writer.bytes.reserveCapacity(128)
        writer.append("{")
        if let sequence { writer.append("\"seq\":\(sequence),") }
        writer.append("\"kind\":")
        writer.writeString(kind)
        writer.append(",\"data\":")
        writer.write(data)
        let crc = CRC32.checksum(writer.bytes)
        writer.append(",\"crc\":\"")
        let hex = Array("0123456789abcdef".utf8)
        for shift in stride(from: 28, through: 0, by: -4) { writer.bytes.append(hex[Int(crc >> UInt32(shift) & 0xF)]) }
        writer.append("\"}\n")
        return writer.bytes
    }

    /// Checks and parses one line (without its newline).
    public static func decode(_ line: UnsafeBufferPointer<UInt8>) throws(RecordFailure) -> Decoded {
        let count = line.count
        guard count > trailerLength, line[0] == UInt8(ascii: "{") else { throw RecordFailure("not a record") }
        let trailer = Array(",\"crc\":\"".utf8)
        let trailerStart = count - trailerLength
        for index in 0..<trailer.count where line[trailerStart + index] != trailer[index] {
            throw RecordFailure("no checksum")
        }
        guard line[count - 2] == UInt8(ascii: "\""), line[count - 1] == UInt8(ascii: "}") else {
            throw RecordFailure("no checksum")
        }
        var stored: UInt32 = 0
        for index in (trailerStart + 8)..<(trailerStart + 16) {
            let byte = line[index]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            default: throw RecordFailure("malformed checksum")
            }
            stored = stored << 4 | digit
        }
        let actual = CRC32.checksum(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: line[0..<trailerStart])))
        guard actual == stored else { throw RecordFailure("checksum mismatch") }
        if let fast = CanonicalWearReader.read(line, end: trailerStart) { return fast }
        let value: JSONValue
        do { value = try JSONParser.parse(line) } catch { throw RecordFailure(error.description) }
        guard let kind = value["kind"]?.stringValue, let data = value["data"] else {
            throw RecordFailure("record without kind or data")
        }
        var sequence: UInt64?
        if let seq = value["seq"] {
            guard let number = seq.integerValue, number > 0 else { throw RecordFailure("bad sequence number") }
            sequence = UInt64(number)
        }
        return Decoded(sequence: sequence, kind: kind, data: data)
    }
}
