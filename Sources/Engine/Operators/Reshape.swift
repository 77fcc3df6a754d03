/// RESHAPE and SQUEEZE: the same bytes under another static shape (the output tensor's, checked to hold as many
/// elements with the same type and quantization). A copy keeps the arena plan simple.
final class Reshape: SingleInputKernel {
    let name: String
    let bytes: Int
    let inputTensor: Int, outputTensor: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    init(_ context: OperatorContext) throws(ModelFormatError) {
        name = context.op.name
        try context.requireVersion(1...2)
        try context.requireCounts(inputs: 1...2, outputs: 1...1)
        let (inputIndex, input) = try context.input(0)
        let (outputIndex, output) = try context.output(0)
        guard input.type == output.type, input.elementCount == output.elementCount else {
            throw context.fail("input \(input.type)\(input.shape) and output \(output.type)\(output.shape) differ in type or size")
        }
        guard input.quantization == output.quantization else {
            throw context.unsupported("input and output quantization differ")
        }
        bytes = input.byteCount
        inputTensor = inputIndex
        outputTensor = outputIndex
    }

    func run() {
        if input != output { output!.copyMemory(from: input!, byteCount: bytes) }
    }
}
