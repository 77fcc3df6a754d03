/// CONCATENATION along any axis, int8. Like TFLite's reference, every input must share the output's quantization
/// (the converter inserts a QUANTIZE before a concatenation whose inputs differ), so the op is a copy.
final class Concatenation: OperatorKernel {
    let name = "CONCATENATION"
    let outer: Int
    let inner: [Int]  // bytes per outer step of each input (axis size * inner size)
    let inputTensors: [Int], outputTensor: Int
    var inputs: [UnsafeMutableRawPointer] = []
    var output: UnsafeMutableRawPointer?

    init(_ context: OperatorContext) throws(ModelFormatError) {
        try context.requireVersion(1...4)
        try context.requireCounts(inputs: 1...1024, outputs: 1...1)
        let (outputIndex, output) = try context.output(0)
        try context.requireType(output, [.int8], "output")
        let options = try context.options(10, "ConcatenationOptions")
        var axis = Int(try options?.int32(0, "axis") ?? 0)
        let activation = try FusedActivation.parse(try options?.int8(1, "fused_activation_function") ?? 0, context.field)
        guard activation == .none else {
            throw context.unsupported("fused activation \(activation) on an int8 CONCATENATION (TFLite's kernels refuse it too)")
        }
        let rank = output.shape.count
        if axis < 0 { axis += rank }
        guard axis >= 0, axis < rank else { throw context.fail("axis \(axis) outside rank \(rank)") }
        let qo = try context.perTensor(output, "output")
        outer = output.shape[..<axis].reduce(1, *)
        let innerSize = output.shape[(axis + 1)...].reduce(1, *)
        var axisTotal = 0
        var inner: [Int] = []
        var tensors: [Int] = []
        for position in context.op.inputs.indices {
            let (index, tensor) = try context.input(position)
            try context.requireType(tensor, [.int8], "input \(position)")
            guard tensor.shape.count == rank,
                (0..<rank).allSatisfy({ $0 == axis || tensor.shape[$0] == output.shape[$0] })
            else { throw context.fail("input \(position) shape \(tensor.shape) does not fit output \(output.shape) on axis \(axis)") }
            axisTotal += tensor.shape[axis]
            inner.append(tensor.shape[axis] * innerSize)
            let q = try context.perTensor(tensor, "input \(position)")
            guard q.scale == qo.scale && q.zeroPoint == qo.zeroPoint else {
                throw context.unsupported("input \(position) has scale \(q.scale) and zero point \(q.zeroPoint), the output \(qo.scale) and \(qo.zeroPoint); int8 CONCATENATION needs equal quantization (TFLite's reference refuses others)")
            }
            tensors.append(index)
        }
        guard axisTotal == output.shape[axis] else {
            throw context.fail("inputs add up to \(axisTotal) on axis \(axis), output has \(output.shape[axis])")
        }
        self.inner = inner
        inputTensors = tensors
        outputTensor = outputIndex
    }

    func bind(_ memory: TensorMemory) {
        inputs = inputTensors.map { memory.pointer($0) }
        output = memory.pointer(outputTensor)
    }

    func run() {
        let y = output!.assumingMemoryBound(to: Int8.self)
        var offset = 0
        for o in 0..<outer {
            for i in inputs.indices {
                let count = inner[i]
                let x = inputs[i].assumingMemoryBound(to: Int8.self) + o * count
                (y + offset).update(from: x, count: count)
                offset += count
            }
        }
    }
}
