/// RESIZE_BILINEAR on int8 NHWC, TFLite's integer path: positions in 10-bit fixed point, the four neighbours
/// weighted in 20-bit fixed point and rounded half away from zero.
final class ResizeBilinear: SingleInputKernel {
    let name = "RESIZE_BILINEAR"
    let batches: Int, height: Int, width: Int, channels: Int
    let outputHeight: Int, outputWidth: Int
    /// Per output row / column: scaled position (10-bit fixed point), lower and upper source index.
    let rows: [(scaled: Int32, lower: Int, upper: Int)]
    let columns: [(scaled: Int32, lower: Int, upper: Int)]
    let inputTensor: Int, outputTensor: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    static func positions(inputSize: Int, outputSize: Int, alignCorners: Bool, halfPixel: Bool)
        -> [(scaled: Int32, lower: Int, upper: Int)]
    {
        let scale: Int32 = (alignCorners && outputSize > 1)
            ? Int32(((1 << 10) * (inputSize - 1) + (outputSize - 1) / 2) / (outputSize - 1))
            : Int32(((1 << 10) * inputSize + outputSize / 2) / outputSize)
        return (0..<outputSize).map { index in
            let scaled = halfPixel ? Int32(index) * scale + scale / 2 - (1 << 9) : Int32(index) * scale
            let lower = max(Int(scaled / (1 << 10)), 0)
            let upper = min(Int((scaled + (1 << 10) - 1) / (1 << 10)), inputSize - 1)
            return (scaled, lower, upper)
        }
    }

    init(_ context: OperatorContext) throws(ModelFormatError) {
        let operands = try ResizeOperands(context)
        let input = operands.inputShape, output = operands.outputShape
        guard input[1] < 1 << 20, input[2] < 1 << 20, output[1] < 1 << 20, output[2] < 1 << 20 else {
            throw context.unsupported("sizes beyond 2^20 overflow the 10-bit fixed-point positions")
        }
        let options = try context.options(15, "ResizeBilinearOptions")
        let alignCorners = try options?.bool(2, "align_corners") ?? false
        let halfPixel = try options?.bool(3, "half_pixel_centers") ?? false
        batches = input[0]
        height = input[1]
        width = input[2]
        channels = input[3]
        outputHeight = output[1]
        outputWidth = output[2]
        rows = Self.positions(inputSize: height, outputSize: outputHeight, alignCorners: alignCorners, halfPixel: halfPixel)
        columns = Self.positions(inputSize: width, outputSize: outputWidth, alignCorners: alignCorners, halfPixel: halfPixel)
        inputTensor = operands.inputTensor
        outputTensor = operands.outputTensor
    }

    func run() {
        let x = input!.assumingMemoryBound(to: Int8.self)
        let y = output!.assumingMemoryBound(to: Int8.self)
        var o = 0
        for b in 0..<batches {
            for row in rows {
                let dy = Int64(row.scaled) - Int64(row.lower) * 1024
                for column in columns {
                    let dx = Int64(column.scaled) - Int64(column.lower) * 1024
                    let ll = ((b * height + row.lower) * width + column.lower) * channels
                    let lu = ((b * height + row.upper) * width + column.lower) * channels
                    let rl = ((b * height + row.lower) * width + column.upper) * channels
                    let ru = ((b * height + row.upper) * width + column.upper) * channels
                    for c in 0..<channels {
                        let sum = Int64(x[ll + c]) * (1024 - dy) * (1024 - dx) + Int64(x[lu + c]) * dy * (1024 - dx)
                            + Int64(x[rl + c]) * (1024 - dy) * dx + Int64(x[ru + c]) * dy * dx
                        let round: Int64 = sum > 0 ? 1 << 19 : -(1 << 19)
                        y[o] = Int8(truncatingIfNeeded: (sum + round) / (1 << 20))
                        o += 1
                    }
                }
            }
        }
    }
}
