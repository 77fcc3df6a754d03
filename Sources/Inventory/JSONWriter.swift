/// Writes compact JSON into a byte buffer: members in the order given, so records read the same every time.
public struct JSONWriter {
    /// The text written so far, UTF-8.
    public var bytes: [UInt8] = []

    /// An empty writer.
    public init() {}

    /// Appends `value`.
    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .number(let number): writeNumber(number)
        case .string(let text): writeString(text)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(member.0)
                bytes.append(UInt8(ascii: ":"))
                write(member.1)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Appends raw ASCII text (a fragment the caller knows is valid JSON).
    public mutating func append(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    /// Appends `number`: whole numbers without a fraction, others in Swift's shortest round-trip form.
    /// Non-finite numbers (which JSON cannot carry) become null.
    public mutating func writeNumber(_ number: Double) {
        if !number.isFinite {
            append("null")
        } else if number.rounded(.towardZero) == number, abs(number) < 9_007_199_254_740_992 {
            append(String(Int64(number)))
        } else {
            append(String(number))
        }
    }

    /// Appends `text` as a JSON string: quotes, backslashes and control characters escaped, the rest raw UTF-8.
    public mutating func writeString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): append("\\\"")
            case UInt8(ascii: "\\"): append("\\\\")
            case 0x0A: append("\\n")
            case 0x0D: append("\\r")
            case 0x09: append("\\t")
            case 0..<0x20, 0x7F:
                let hex = Array("0123456789abcdef".utf8)
                append("\\u00")
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0xF)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    /// The compact JSON text of this value.
    public var jsonText: String {
        var writer = JSONWriter()
        writer.write(self)
        return String(decoding: writer.bytes, as: UTF8.self)
    }
}
