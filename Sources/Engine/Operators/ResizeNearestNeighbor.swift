/// RESIZE_NEAREST_NEIGHBOR on int8 NHWC with align_corners / half_pixel_centers, TFLite's index arithmetic.
final class ResizeNearestNeighbor: OperatorKernel {
    let name = "RESIZE_NEAREST_NEIGHBOR"
    let batches: Int, height: Int, width: Int, channels: Int
    let rows: [Int], columns: [Int]
    let inputTensor: Int, outputTensor: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    static func source(_ index: Int, inputSize: Int, outputSize: Int, alignCorners: Bool, halfPixel: Bool) -> Int {
        let scale: Float = (alignCorners && outputSize > 1)
            ? Float(inputSize - 1) / Float(outputSize - 1) : Float(inputSize) / Float(outputSize)
        let offset: Float = halfPixel ? 0.5 : 0
        let position = (Float(index) + offset) * scale
        var value = min(alignCorners ? Int(position.rounded()) : Int(position.rounded(.down)), inputSize - 1)
        if halfPixel { value = max(0, value) }
        return value
    }

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
        let options = try context.options(74, "ResizeNearestNeighborOptions")
        let alignCorners = try options?.bool(0, "align_corners") ?? false
        let halfPixel = try options?.bool(1, "half_pixel_centers") ?? false
        batches = input.shape[0]
        height = input.shape[1]
        width = input.shape[2]
        channels = input.shape[3]
        rows = (0..<output.shape[1]).map {
            Self.source($0, inputSize: input.shape[1], outputSize: output.shape[1], alignCorners: alignCorners, halfPixel: halfPixel)
        }
        columns = (0..<output.shape[2]).map {
            Self.source($0, inputSize: input.shape[2], outputSize: output.shape[2], alignCorners: alignCorners, halfPixel: halfPixel)
        }
        inputTensor = inputIndex
        outputTensor = outputIndex
    }

    func bind(_ memory: TensorMemory) {
        input = memory.pointer(inputTensor)
        output = memory.pointer(outputTensor)
    }

    func run() {
        let x = input!.assumingMemoryBound(to: Int8.self)
        var y = output!.assumingMemoryBound(to: Int8.self)
        for b in 0..<batches {
            for sourceRow in rows {
                for sourceColumn in columns {
                    y.update(from: x + ((b * height + sourceRow) * width + sourceColumn) * channels, count: channels)
                    y += channels
                }
            }
        }
    }
}
