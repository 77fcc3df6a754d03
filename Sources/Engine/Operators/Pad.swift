/// PAD on int8: the output zero point (TFLite's pad value for quantized PAD) around the input.
final class Pad: SingleInputKernel {
    let name = "PAD"
    let inputShape: [Int], outputShape: [Int], before: [Int]
    let fill: Int8
    let inputTensor: Int, outputTensor: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...4)
        try context.requireCounts(inputs: 2...2, outputs: 1...1)
        let (inputIndex, input) = try context.input(0)
        let paddings = try context.input(1).tensor
        let (outputIndex, output) = try context.output(0)
        try context.requireType(input, [.int8], "input")
        try context.requireType(output, [.int8], "output")
        try context.requireType(paddings, [.int32], "paddings")
        guard input.quantization == output.quantization else { throw context.unsupported("input and output quantization differ") }
        let values = context.int32s(try context.constant(paddings, "paddings"))
        let rank = input.shape.count
        guard values.count == 2 * rank, output.shape.count == rank, values.allSatisfy({ $0 >= 0 }) else {
            throw context.fail("paddings \(values) do not fit rank \(rank)")
        }
        var before: [Int] = []
        for d in 0..<rank {
            guard output.shape[d] == input.shape[d] + Int(values[2 * d]) + Int(values[2 * d + 1]) else {
                throw context.fail("output shape \(output.shape) does not match input \(input.shape) padded by \(values)")
            }
            before.append(Int(values[2 * d]))
        }
        inputShape = input.shape
        outputShape = output.shape
        self.before = before
        fill = Int8(try context.perTensor(output, "output").zeroPoint)
        inputTensor = inputIndex
        outputTensor = outputIndex
    }

    func run() {
        let y = output!.assumingMemoryBound(to: Int8.self)
        let x = input!.assumingMemoryBound(to: Int8.self)
        let total = outputShape.reduce(1, *)
        for i in 0..<total { y[i] = fill }
        let rank = inputShape.count
        let rows = inputShape.dropLast().reduce(1, *)
        let rowLength = inputShape.last ?? 1
        for row in 0..<rows {
            // Output offset of the start of this input row.
            var rest = row
            var offset = 0
            var step = outputShape.last ?? 1
            offset += before.last ?? 0
            for d in stride(from: rank - 2, through: 0, by: -1) {
                let coordinate = rest % inputShape[d]
                rest /= inputShape[d]
                offset += (coordinate + before[d]) * step
                step *= outputShape[d]
            }
            (y + offset).update(from: x + row * rowLength, count: rowLength)
        }
    }
}
