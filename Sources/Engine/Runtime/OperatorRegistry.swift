import CKernels

/// The builtin operators closetd runs, by code; anything else fails at load, naming the operator.
enum OperatorRegistry {
    static func prepare(_ context: OperatorContext) throws(ModelFormatError) -> any OperatorKernel {
        typealias B = BuiltinOperatorName
        switch context.op.builtinCode {
        case B.conv2D: return try Conv2D(context)
        case B.depthwiseConv2D: return try DepthwiseConv2D(context)
        case B.fullyConnected: return try FullyConnected(context)
        case B.reshape, B.squeeze: return try Reshape(context)
        case B.quantize: return try Quantize(context)
        case B.dequantize: return try Dequantize(context)
        case B.add: return try ElementwiseArithmetic(context, kind: .add)
        case B.sub: return try ElementwiseArithmetic(context, kind: .sub)
        case B.mul: return try ElementwiseArithmetic(context, kind: .mul)
        case B.mean: return try Mean(context)
        case B.averagePool2D: return try Pool2D(context, average: true)
        case B.maxPool2D: return try Pool2D(context, average: false)
        case B.concatenation: return try Concatenation(context)
        case B.pad: return try Pad(context)
        case B.resizeNearestNeighbor: return try ResizeNearestNeighbor(context)
        case B.resizeBilinear: return try ResizeBilinear(context)
        case B.transpose: return try Transpose(context)
        case B.split: return try Split(context)
        case B.stridedSlice: return try StridedSlice(context)
        case B.softmax: return try Softmax(context)
        case B.l2Normalization: return try L2Normalization(context)
        case B.logistic: return try LookupActivation(context, function: CK_S8_LUT_LOGISTIC)
        case B.tanh: return try LookupActivation(context, function: CK_S8_LUT_TANH)
        case B.hardSwish: return try LookupActivation(context, function: nil)
        default:
            throw context.unsupported("operator \(context.op.name) (version \(context.op.version)) is not supported")
        }
    }
}
