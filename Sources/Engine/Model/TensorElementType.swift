/// The element types of tensors closetd reads (TFLite's TensorType codes).
public enum TensorElementType: UInt8, Sendable, CustomStringConvertible {
    case float32 = 0
    case int32 = 2
    case uint8 = 3
    case int64 = 4
    case bool = 6
    case int16 = 7
    case int8 = 9

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .uint8, .int8, .bool: 1
        case .int16: 2
        case .float32, .int32: 4
        case .int64: 8
        }
    }

    /// The numpy dtype string for .npy files ("<i1", "|u1", ...).
    public var numpyDescriptor: String {
        switch self {
        case .float32: "<f4"
        case .int32: "<i4"
        case .uint8: "|u1"
        case .int64: "<i8"
        case .bool: "|b1"
        case .int16: "<i2"
        case .int8: "|i1"
        }
    }

    public var description: String {
        switch self {
        case .float32: "float32"
        case .int32: "int32"
        case .uint8: "uint8"
        case .int64: "int64"
        case .bool: "bool"
        case .int16: "int16"
        case .int8: "int8"
        }
    }
}
