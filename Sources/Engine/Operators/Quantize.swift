/// QUANTIZE: float32 -> int8/uint8 (round(x / scale) + zero point), and int8/uint8 -> int8/uint8 rescaling with
/// MultiplyByQuantizedMultiplier(q - zp_in, scale_in / scale_out) + zp_out, as TFLite's reference does.
final class Quantize: SingleInputKernel {
    let name = "QUANTIZE"
    let count: Int
    let inputType: TensorElementType
    let outputType: TensorElementType
    let inputZeroPoint: Int32
    let outputZeroPoint: Int32
    let outputScale: Float
    let multiplier: QuantizedMultiplier
    /// For an 8-bit input: the output byte of each of the 256 input values, computed at load with the same
    /// arithmetic as the element loop, so a lookup is bit-exact by construction (a model's uint8 camera input
    /// goes through this once per pixel and channel).
    let table: [UInt8]
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
        let (zeroIn, scale, zeroOut) = (inputZeroPoint, multiplier, outputZeroPoint)
        table = input.type == .float32 ? [] : (0..<256).map { raw in
            Quantize.requantize(input.type == .int8 ? Int32(Int8(truncatingIfNeeded: raw)) : Int32(raw),
                                inputZeroPoint: zeroIn, multiplier: scale, outputZeroPoint: zeroOut,
                                outputType: output.type)
        }
        inputTensor = inputIndex
        outputTensor = outputIndex
    }

    /// One 8-bit value rescaled as the reference does: (q - zp_in) through the multiplier, plus zp_out, clamped.
    static func requantize(_ q: Int32, inputZeroPoint: Int32, multiplier: QuantizedMultiplier, outputZeroPoint: Int32,
                           outputType: TensorElementType) -> UInt8 {
        let (low, high): (Int32, Int32) = outputType == .int8 ? (-128, 127) : (0, 255)
        let value = Requantize.multiply(q &- inputZeroPoint, multiplier) &+ outputZeroPoint
        return UInt8(truncatingIfNeeded: min(max(value, low), high))
    }

    func run() {
        let out = output!.assumingMemoryBound(to: UInt8.self)
        if inputType != .float32 {
            let bytes = input!.assumingMemoryBound(to: UInt8.self)
            table.withUnsafeBufferPointer { table in
                for i in 0..<count { out[i] = table[Int(bytes[i])] }
            }
            return
        }
        let (low, high): (Int32, Int32) = outputType == .int8 ? (-128, 127) : (0, 255)
        let x = input!.assumingMemoryBound(to: Float.self)
        for i in 0..<count {
            let scaled = (x[i] / outputScale).rounded()
            var value = scaled.isNaN ? 0 : Int32(clamping: Int64(max(min(scaled, 4e9), -4e9))) &+ outputZeroPoint
            value = min(max(value, low), high)
            out[i] = UInt8(truncatingIfNeeded: value)
        }
    }
}
