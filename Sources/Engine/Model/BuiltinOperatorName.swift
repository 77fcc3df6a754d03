/// TFLite builtin operator codes closetd knows by name (schema.fbs BuiltinOperator).
public enum BuiltinOperatorName {
    public static let add: Int32 = 0
    public static let averagePool2D: Int32 = 1
    public static let concatenation: Int32 = 2
    public static let conv2D: Int32 = 3
    public static let depthwiseConv2D: Int32 = 4
    public static let dequantize: Int32 = 6
    public static let fullyConnected: Int32 = 9
    public static let l2Normalization: Int32 = 11
    public static let logistic: Int32 = 14
    public static let maxPool2D: Int32 = 17
    public static let mul: Int32 = 18
    public static let reshape: Int32 = 22
    public static let resizeBilinear: Int32 = 23
    public static let softmax: Int32 = 25
    public static let tanh: Int32 = 28
    public static let pad: Int32 = 34
    public static let transpose: Int32 = 39
    public static let mean: Int32 = 40
    public static let sub: Int32 = 41
    public static let squeeze: Int32 = 43
    public static let stridedSlice: Int32 = 45
    public static let split: Int32 = 49
    public static let resizeNearestNeighbor: Int32 = 97
    public static let quantize: Int32 = 114
    public static let hardSwish: Int32 = 117

    static let names: [Int32: String] = [
        0: "ADD", 1: "AVERAGE_POOL_2D", 2: "CONCATENATION", 3: "CONV_2D", 4: "DEPTHWISE_CONV_2D", 5: "DEPTH_TO_SPACE",
        6: "DEQUANTIZE", 9: "FULLY_CONNECTED", 11: "L2_NORMALIZATION", 14: "LOGISTIC", 17: "MAX_POOL_2D", 18: "MUL", 19: "RELU", 21: "RELU6",
        22: "RESHAPE", 23: "RESIZE_BILINEAR", 25: "SOFTMAX", 28: "TANH", 32: "CUSTOM", 34: "PAD", 39: "TRANSPOSE",
        40: "MEAN", 41: "SUB", 43: "SQUEEZE", 45: "STRIDED_SLICE", 49: "SPLIT", 97: "RESIZE_NEAREST_NEIGHBOR",
        114: "QUANTIZE", 117: "HARD_SWISH", 69: "TILE", 53: "CAST", 54: "PRELU", 55: "MAXIMUM", 57: "MINIMUM",
        60: "PADV2", 83: "PACK", 42: "DIV", 88: "UNPACK", 74: "SUM", 77: "SHAPE", 65: "SLICE", 99: "SQUARED_DIFFERENCE", 47: "EXP", 50: "LOG_SOFTMAX", 36: "GATHER",
    ]

    /// The schema name of a builtin code, or `BUILTIN_<code>`.
    public static func name(_ code: Int32) -> String { names[code] ?? "BUILTIN_\(code)" }
}
