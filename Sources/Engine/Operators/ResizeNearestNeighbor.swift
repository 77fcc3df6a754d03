/// RESIZE_NEAREST_NEIGHBOR on int8 NHWC with align_corners / half_pixel_centers, TFLite's index arithmetic.
final class ResizeNearestNeighbor: SingleInputKernel {
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
        let operands = try ResizeOperands(context)
        let input = operands.inputShape, output = operands.outputShape
        let options = try context.options(74, "ResizeNearestNeighborOptions")
        let alignCorners = try options?.bool(0, "align_corners") ?? false
        let halfPixel = try options?.bool(1, "half_pixel_centers") ?? false
        batches = input[0]
        height = input[1]
        width = input[2]
        channels = input[3]
        rows = (0..<output[1]).map {
            Self.source($0, inputSize: input[1], outputSize: output[1], alignCorners: alignCorners, halfPixel: halfPixel)
        }
        columns = (0..<output[2]).map {
            Self.source($0, inputSize: input[2], outputSize: output[2], alignCorners: alignCorners, halfPixel: halfPixel)
        }
        inputTensor = operands.inputTensor
        outputTensor = operands.outputTensor
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
