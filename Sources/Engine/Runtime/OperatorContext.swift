/// What an operator's preparation sees: the model's tensors, its own inputs and outputs, and checks that turn any
/// mismatch into a `ModelFormatError` naming the operator.
struct OperatorContext {
    let model: ModelDescription
    let op: OperatorDescription
    let index: Int
    let kernels: KernelVariant

    var field: String { "operator \(index) (\(op.name) v\(op.version))" }

    func fail(_ reason: String) -> ModelFormatError { ModelFormatError(.invalid, field, reason) }
    func unsupported(_ reason: String) -> ModelFormatError { ModelFormatError(.unsupported, field, reason) }

    func requireVersion(_ versions: ClosedRange<Int>) throws(ModelFormatError) {
        guard versions.contains(op.version) else {
            throw unsupported("version \(op.version) is not supported (closetd runs \(versions))")
        }
    }

    func requireCounts(inputs: ClosedRange<Int>, outputs: ClosedRange<Int>) throws(ModelFormatError) {
        guard inputs.contains(op.inputs.count), outputs.contains(op.outputs.count) else {
            throw fail("\(op.inputs.count) inputs and \(op.outputs.count) outputs; expected \(inputs) and \(outputs)")
        }
    }

    /// Input `position` (required).
    func input(_ position: Int) throws(ModelFormatError) -> (index: Int, tensor: TensorDescription) {
        guard position < op.inputs.count, op.inputs[position] >= 0 else { throw fail("input \(position) is missing") }
        return (op.inputs[position], model.tensors[op.inputs[position]])
    }

    /// Input `position` when present (absent or -1 means omitted).
    func optionalInput(_ position: Int) -> (index: Int, tensor: TensorDescription)? {
        guard position < op.inputs.count, op.inputs[position] >= 0 else { return nil }
        return (op.inputs[position], model.tensors[op.inputs[position]])
    }

    func output(_ position: Int) throws(ModelFormatError) -> (index: Int, tensor: TensorDescription) {
        guard position < op.outputs.count else { throw fail("output \(position) is missing") }
        return (op.outputs[position], model.tensors[op.outputs[position]])
    }

    /// The single int8 input and single int8 output of a one-in, one-out operator (counts and types checked).
    func int8InputAndOutput() throws(ModelFormatError)
        -> (input: (index: Int, tensor: TensorDescription), output: (index: Int, tensor: TensorDescription))
    {
        try requireCounts(inputs: 1...1, outputs: 1...1)
        let input = try self.input(0), output = try self.output(0)
        try requireType(input.tensor, [.int8], "input")
        try requireType(output.tensor, [.int8], "output")
        return (input, output)
    }

    func requireType(_ tensor: TensorDescription, _ types: [TensorElementType], _ role: String) throws(ModelFormatError) {
        guard types.contains(tensor.type) else {
            throw unsupported("\(role) '\(tensor.name)' is \(tensor.type); expected \(types.map(\.description).joined(separator: " or "))")
        }
    }

    /// Per-tensor scale and zero point of an activation.
    func perTensor(_ tensor: TensorDescription, _ role: String) throws(ModelFormatError) -> (scale: Float, zeroPoint: Int32) {
        guard let q = tensor.quantization, q.isPerTensor else {
            throw fail("\(role) '\(tensor.name)' needs per-tensor quantization")
        }
        return (q.scales[0], Int32(q.zeroPoints[0]))
    }

    func constant(_ tensor: TensorDescription, _ role: String) throws(ModelFormatError) -> ArraySlice<UInt8> {
        guard let data = tensor.constantData else { throw unsupported("\(role) '\(tensor.name)' must be a constant") }
        return data
    }

    func options(_ type: UInt8, _ name: String) throws(ModelFormatError) -> FlatTable? {
        if op.optionsType == 0 { return nil }
        guard op.optionsType == type else {
            throw fail("builtin_options type \(op.optionsType) is not \(name) (\(type))")
        }
        return op.options
    }

    func int32s(_ data: ArraySlice<UInt8>) -> [Int32] {
        var values: [Int32] = []
        values.reserveCapacity(data.count / 4)
        var i = data.startIndex
        while i + 4 <= data.endIndex {
            var word = UInt32(data[i])
            word |= UInt32(data[i + 1]) << 8
            word |= UInt32(data[i + 2]) << 16
            word |= UInt32(data[i + 3]) << 24
            values.append(Int32(bitPattern: word))
            i += 4
        }
        return values
    }

    func int8s(_ data: ArraySlice<UInt8>) -> [Int8] { data.map { Int8(bitPattern: $0) } }
}

/// The output size and leading padding of one spatial dimension, as TFLite computes them.
struct SpatialPadding {
    var output: Int
    var before: Int

    /// `padding` is TFLite's Padding enum: 0 SAME, 1 VALID.
    static func compute(padding: Int8, input: Int, filter: Int, stride: Int, dilation: Int) -> SpatialPadding? {
        guard stride >= 1, dilation >= 1, filter >= 1 else { return nil }
        let effective = (filter - 1) * dilation + 1
        let output: Int
        switch padding {
        case 0: output = (input + stride - 1) / stride
        case 1: output = (input - effective + stride) / stride
        default: return nil
        }
        guard output >= 1 else { return nil }
        let total = max((output - 1) * stride + effective - input, 0)
        return SpatialPadding(output: output, before: total / 2)
    }
}
