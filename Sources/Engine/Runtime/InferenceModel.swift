/// A model ready to run: read and validated at load, operators prepared (weights packed), one arena planned and
/// allocated. `invoke` runs the operators in order over that memory without allocating.
public final class InferenceModel {
    public let model: ModelDescription
    public let kernels: KernelVariant
    /// Bytes of the activation arena (tensors and scratch space, shared where lifetimes allow).
    public let arenaBytes: Int
    /// Bytes of constants kept for operators that read them as tensors.
    public let constantBytes: Int
    let operators: [any OperatorKernel]
    private let arena: OwnedBuffer
    private let constants: OwnedBuffer
    private let pointers: [UnsafeMutableRawPointer]

    /// Loads a model from the bytes of a .tflite file; every problem is a thrown `ModelFormatError`.
    public convenience init(bytes: [UInt8], kernels: KernelVariant = .best) throws(ModelFormatError) {
        try self.init(model: try ModelDescription(bytes: bytes), kernels: kernels)
    }

    public init(model: ModelDescription, kernels: KernelVariant) throws(ModelFormatError) {
        self.model = model
        self.kernels = kernels
        try Self.checkGraphOrder(model)

        var operators: [any OperatorKernel] = []
        for (index, op) in model.operators.enumerated() {
            let context = OperatorContext(model: model, op: op, index: index, kernels: kernels)
            operators.append(try OperatorRegistry.prepare(context))
        }
        self.operators = operators

        // Lifetimes: from the producing operator (0 for graph inputs) to the last reader (the end for outputs).
        let count = model.tensors.count
        var first = [Int](repeating: Int.max, count: count)
        var last = [Int](repeating: -1, count: count)
        for tensor in model.inputs {
            first[tensor] = 0
            last[tensor] = max(last[tensor], 0)
        }
        for (index, op) in model.operators.enumerated() {
            for tensor in op.outputs {
                first[tensor] = min(first[tensor], index)
                last[tensor] = max(last[tensor], index)
            }
            for tensor in op.inputs where tensor >= 0 && model.tensors[tensor].constantData == nil {
                last[tensor] = max(last[tensor], index)
            }
        }
        for tensor in model.outputs { last[tensor] = model.operators.count }
        var requests: [MemoryPlan.Request] = []
        var owners: [Int] = []  // tensor index, or -1 - operator index for scratch
        for tensor in 0..<count where model.tensors[tensor].constantData == nil && last[tensor] >= 0 {
            requests.append(.init(size: model.tensors[tensor].byteCount, first: min(first[tensor], last[tensor]), last: last[tensor]))
            owners.append(tensor)
        }
        for (index, op) in operators.enumerated() where op.scratchBytes > 0 {
            requests.append(.init(size: op.scratchBytes, first: index, last: index))
            owners.append(-1 - index)
        }
        let (offsets, total) = MemoryPlan.place(requests)
        guard total <= Self.maximumArenaBytes else {
            throw ModelFormatError(
                .unsupported, "model", "its activations need a \(total)-byte arena; closetd allows \(Self.maximumArenaBytes)")
        }
        arenaBytes = total
        arena = OwnedBuffer(bytes: total)

        var constantOffsets = [Int?](repeating: nil, count: count)
        var constantTotal = 0
        for (tensor, description) in model.tensors.enumerated() where description.constantData != nil {
            constantOffsets[tensor] = constantTotal
            constantTotal += (description.byteCount + 63) / 64 * 64
        }
        constantBytes = constantTotal
        constants = OwnedBuffer(bytes: constantTotal)
        var pointers = [UnsafeMutableRawPointer](repeating: arena.pointer, count: count)
        var scratch = [UnsafeMutableRawPointer?](repeating: nil, count: operators.count)
        for (request, owner) in owners.enumerated() {
            if owner >= 0 { pointers[owner] = arena.pointer + offsets[request] }
            else { scratch[-1 - owner] = arena.pointer + offsets[request] }
        }
        for (tensor, offset) in constantOffsets.enumerated() {
            guard let offset, let data = model.tensors[tensor].constantData else { continue }
            pointers[tensor] = constants.pointer + offset
            data.withUnsafeBytes { pointers[tensor].copyMemory(from: $0.baseAddress!, byteCount: $0.count) }
        }
        self.pointers = pointers
        for (index, op) in operators.enumerated() {
            op.bind(TensorMemory(pointers: pointers, scratch: scratch[index]))
        }
    }

    /// Each operator may only read tensors that are constants, graph inputs or outputs of earlier operators, and
    /// writes tensors nobody else writes: this rejects cycles and misordered graphs.
    static func checkGraphOrder(_ model: ModelDescription) throws(ModelFormatError) {
        var available = [Bool](repeating: false, count: model.tensors.count)
        for (index, tensor) in model.tensors.enumerated() where tensor.constantData != nil { available[index] = true }
        for tensor in model.inputs {
            guard model.tensors[tensor].constantData == nil else {
                throw ModelFormatError(.invalid, "subgraph input \(tensor)", "a graph input is a constant")
            }
            available[tensor] = true
        }
        for (index, op) in model.operators.enumerated() {
            for tensor in op.inputs where tensor >= 0 && !available[tensor] {
                throw ModelFormatError(
                    .invalid, "operator \(index) (\(op.name))",
                    "reads tensor \(tensor) '\(model.tensors[tensor].name)' before any operator writes it (cycle or wrong order)")
            }
            for tensor in op.outputs {
                guard !available[tensor] else {
                    throw ModelFormatError(
                        .invalid, "operator \(index) (\(op.name))",
                        "writes tensor \(tensor) '\(model.tensors[tensor].name)', which is a constant, an input or written before")
                }
                available[tensor] = true
            }
        }
        for tensor in model.outputs where !available[tensor] {
            throw ModelFormatError(.invalid, "subgraph output \(tensor)", "no operator writes it")
        }
    }

    /// Largest activation arena accepted (256 MiB; the models closetd runs need well under 10 MiB).
    public static let maximumArenaBytes = 1 << 28

    /// Multiply-accumulates per invoke.
    public var macs: Int { operators.reduce(0) { $0 &+ $1.macs } }

    /// The operators' names in execution order.
    public var operatorNames: [String] { operators.map(\.name) }

    /// Copies `bytes` into graph input `position`; they must be exactly the tensor's size.
    public func setInput(_ position: Int, _ bytes: UnsafeRawBufferPointer) throws(InvokeError) {
        guard position >= 0, position < model.inputs.count else { throw .noSuchInput(position, model.inputs.count) }
        let tensor = model.tensors[model.inputs[position]]
        guard bytes.count == tensor.byteCount else {
            throw .inputSize(position, expected: tensor.byteCount, got: bytes.count)
        }
        if let base = bytes.baseAddress { pointers[model.inputs[position]].copyMemory(from: base, byteCount: bytes.count) }
    }

    /// Runs every operator once.
    public func invoke() {
        for op in operators { op.run() }
    }

    /// Runs every operator once and returns each one's time in nanoseconds.
    public func invokeProfiled(into nanoseconds: inout [Int64]) {
        let clock = ContinuousClock()
        for (index, op) in operators.enumerated() {
            let start = clock.now
            op.run()
            let elapsed = start.duration(to: clock.now)
            nanoseconds[index] += elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
        }
    }

    /// The bytes of graph output `position` after `invoke`.
    public func output(_ position: Int) -> UnsafeRawBufferPointer {
        let tensor = model.outputs[position]
        return UnsafeRawBufferPointer(start: pointers[tensor], count: model.tensors[tensor].byteCount)
    }
}

/// Why inputs could not be handed to a model.
public enum InvokeError: Error, Equatable, CustomStringConvertible {
    case noSuchInput(Int, Int)
    case inputSize(Int, expected: Int, got: Int)

    public var description: String {
        switch self {
        case .noSuchInput(let position, let count): "input \(position) does not exist (the model has \(count))"
        case .inputSize(let position, let expected, let got):
            "input \(position) needs \(expected) bytes, got \(got)"
        }
    }
}
