/// TRANSPOSE of a tensor of up to 6 dimensions by a constant permutation (any element type of 1, 2, 4 or 8 bytes).
final class Transpose: SingleInputKernel {
    let name = "TRANSPOSE"
    let outputShape: [Int]
    /// Input element stride for each output dimension.
    let strides: [Int]
    let elementSize: Int
    let inputTensor: Int, outputTensor: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...6)
        try context.requireCounts(inputs: 2...2, outputs: 1...1)
        let (inputIndex, input) = try context.input(0)
        let permutation = try context.input(1).tensor
        let (outputIndex, output) = try context.output(0)
        try context.requireType(permutation, [.int32], "perm")
        guard input.type == output.type, input.quantization == output.quantization else {
            throw context.fail("input and output differ in type or quantization")
        }
        let perm = context.int32s(try context.constant(permutation, "perm")).map(Int.init)
        let rank = input.shape.count
        guard perm.count == rank, Set(perm) == Set(0..<rank) else { throw context.fail("perm \(perm) is not a permutation of 0..<\(rank)") }
        guard output.shape == perm.map({ input.shape[$0] }) else {
            throw context.fail("output shape \(output.shape) is not input \(input.shape) permuted by \(perm)")
        }
        var inputStrides = [Int](repeating: 1, count: rank)
        for d in stride(from: rank - 2, through: 0, by: -1) { inputStrides[d] = inputStrides[d + 1] * input.shape[d + 1] }
        strides = perm.map { inputStrides[$0] }
        outputShape = output.shape
        elementSize = input.type.byteSize
        inputTensor = inputIndex
        outputTensor = outputIndex
    }

    func run() {
        let rank = outputShape.count
        let total = outputShape.reduce(1, *)
        var position = (0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &position) { raw in
            let p = raw.bindMemory(to: Int.self)
            var source = 0
            for o in 0..<total {
                (output! + o * elementSize).copyMemory(from: input! + source * elementSize, byteCount: elementSize)
                var d = rank - 1
                while d >= 0 {
                    p[d] += 1
                    source += strides[d]
                    if p[d] < outputShape[d] { break }
                    source -= strides[d] * outputShape[d]
                    p[d] = 0
                    d -= 1
                }
            }
        }
    }
}
