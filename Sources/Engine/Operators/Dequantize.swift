/// DEQUANTIZE: int8/uint8 -> float32, scale * (q - zero_point) computed in double as TFLite's reference does.
final class Dequantize: SingleInputKernel {
    let name = "DEQUANTIZE"
    let count: Int
    let inputType: TensorElementType
    let scale: Double
    let zeroPoint: Int32
    let inputTensor: Int, outputTensor: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...4)
        try context.requireCounts(inputs: 1...1, outputs: 1...1)
        let (inputIndex, input) = try context.input(0)
        let (outputIndex, output) = try context.output(0)
        try context.requireType(input, [.int8, .uint8], "input")
        try context.requireType(output, [.float32], "output")
        guard input.shape == output.shape else { throw context.fail("input \(input.shape) and output \(output.shape) differ") }
        let q = try context.perTensor(input, "input")
        scale = Double(q.scale)
        zeroPoint = q.zeroPoint
        count = input.elementCount
        inputType = input.type
        inputTensor = inputIndex
        outputTensor = outputIndex
    }

    func run() {
        for i in 0..<count {
            let q = inputType == .int8
                ? Int32(input!.load(fromByteOffset: i, as: Int8.self))
                : Int32(input!.load(fromByteOffset: i, as: UInt8.self))
            output!.storeBytes(of: Float(scale * Double(q &- zeroPoint)), toByteOffset: i * 4, as: Float.self)
        }
    }
}
