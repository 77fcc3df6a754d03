/// The operands RESIZE_BILINEAR and RESIZE_NEAREST_NEIGHBOR share, checked once at load: an int8 4-D input, a
/// constant int32 [height, width] size, and an output of the input resized to it with the input's quantization.
struct ResizeOperands {
    let inputTensor: Int
    let outputTensor: Int
    /// [batches, height, width, channels]
    let inputShape: [Int]
    /// [batches, new height, new width, channels]
    let outputShape: [Int]

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...4)
        try context.requireCounts(inputs: 2...2, outputs: 1...1)
        let (inputIndex, input) = try context.input(0)
        let size = try context.input(1).tensor
        let (outputIndex, output) = try context.output(0)
        try context.requireType(input, [.int8], "input")
        try context.requireType(output, [.int8], "output")
        try context.requireType(size, [.int32], "size")
        guard input.quantization == output.quantization else { throw context.unsupported("input and output quantization differ") }
        let newSize = context.int32s(try context.constant(size, "size"))
        guard input.shape.count == 4, newSize.count == 2,
            output.shape == [input.shape[0], Int(newSize[0]), Int(newSize[1]), input.shape[3]]
        else { throw context.fail("output \(output.shape) does not match input \(input.shape) resized to \(newSize)") }
        inputTensor = inputIndex
        outputTensor = outputIndex
        inputShape = input.shape
        outputShape = output.shape
    }
}
