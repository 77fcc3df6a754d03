/// QUANTIZE: float32 -> int8/uint8 (round(x / scale) + zero point), and int8/uint8 -> int8/uint8 rescaling with
/// MultiplyByQuantizedMultiplier(q - zp_in, scale_in / scale_out) + zp_out, as TFLite's reference does.
final class Quantize: OperatorKernel {
    let name = "QUANTIZE"
    let count: Int
    let inputType: TensorElementType
    let outputType: TensorElementType
    let inputZeroPoint: Int32
    let outputZeroPoint: Int32
    let outputScale: Float
    let multiplier: QuantizedMultiplier
    let inputTensor: Int, outputTensor: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...3)
        try context.requireCounts(inputs: 1...1, outputs: 1...1)
        let (inputIndex, input) = try context.input(0)
        let (outputIndex, output) = try context.output(0)
        try context.requireType(input, [.float32, .int8, .uint8], "input")
        try context.requireType(output, [.int8, .uint8], "output")
        guard input.shape == output.shape else { throw context.fail("input \(input.shape) and output \(output.shape) differ") }
        let out = try context.perTensor(output, "output")
        outputScale = out.scale
        outputZeroPoint = out.zeroPoint
        if input.type == .float32 {
            inputZeroPoint = 0
            multiplier = QuantizedMultiplier(multiplier: 0, shift: 0)
        } else {
            let inQ = try context.perTensor(input, "input")
            inputZeroPoint = inQ.zeroPoint
            multiplier = QuantizedMultiplier(Double(inQ.scale) / Double(out.scale))
        }
        count = input.elementCount
        inputType = input.type
        outputType = output.type
        inputTensor = inputIndex
        outputTensor = outputIndex
    }

    func bind(_ memory: TensorMemory) {
        input = memory.pointer(inputTensor)
        output = memory.pointer(outputTensor)
    }

    func run() {
        let (low, high): (Int32, Int32) = outputType == .int8 ? (-128, 127) : (0, 255)
        let out = output!
        for i in 0..<count {
            var value: Int32
            switch inputType {
            case .float32:
                let x = input!.load(fromByteOffset: i * 4, as: Float.self)
                let scaled = (x / outputScale).rounded()
                value = scaled.isNaN ? 0 : Int32(clamping: Int64(max(min(scaled, 4e9), -4e9))) &+ outputZeroPoint
            case .int8:
                let q = Int32(input!.load(fromByteOffset: i, as: Int8.self))
                value = Requantize.multiply(q &- inputZeroPoint, multiplier) &+ outputZeroPoint
            default:
                let q = Int32(input!.load(fromByteOffset: i, as: UInt8.self))
                value = Requantize.multiply(q &- inputZeroPoint, multiplier) &+ outputZeroPoint
            }
            value = min(max(value, low), high)
            out.storeBytes(of: UInt8(truncatingIfNeeded: value), toByteOffset: i, as: UInt8.self)
        }
    }
}
