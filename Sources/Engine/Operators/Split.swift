/// SPLIT into equal parts along a constant axis.
final class Split: OperatorKernel {
    let name = "SPLIT"
    let outer: Int
    let chunkBytes: Int
    let inputTensor: Int
    let outputTensors: [Int]
    var input: UnsafeMutableRawPointer?
    var outputs: [UnsafeMutableRawPointer] = []

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...4)
        try context.requireCounts(inputs: 2...2, outputs: 1...1024)
        let axisTensor = try context.input(0).tensor
        let (inputIndex, input) = try context.input(1)
        try context.requireType(axisTensor, [.int32], "axis")
        let axisValues = context.int32s(try context.constant(axisTensor, "axis"))
        guard axisValues.count == 1 else { throw context.fail("axis must hold one value") }
        let rank = input.shape.count
        var axis = Int(axisValues[0])
        if axis < 0 { axis += rank }
        guard axis >= 0, axis < rank else { throw context.fail("axis \(axisValues[0]) outside rank \(rank)") }
        let parts = context.op.outputs.count
        guard input.shape[axis] % parts == 0 else { throw context.fail("dimension \(input.shape[axis]) does not split into \(parts)") }
        var expected = input.shape
        expected[axis] /= parts
        for position in 0..<parts {
            let output = try context.output(position).tensor
            guard output.shape == expected, output.type == input.type, output.quantization == input.quantization else {
                throw context.fail("output \(position) is \(output.type)\(output.shape), expected \(input.type)\(expected) with the input's quantization")
            }
        }
        outer = input.shape[..<axis].reduce(1, *)
        chunkBytes = expected[axis...].reduce(1, *) * input.type.byteSize
        inputTensor = inputIndex
        outputTensors = context.op.outputs
    }

    func bind(_ memory: TensorMemory) {
        input = memory.pointer(inputTensor)
        outputs = outputTensors.map { memory.pointer($0) }
    }

    func run() {
        var source = input!
        for o in 0..<outer {
            for output in outputs {
                (output + o * chunkBytes).copyMemory(from: source, byteCount: chunkBytes)
                source += chunkBytes
            }
        }
    }
}
