/// A .tflite model (schema version 3) read from untrusted bytes: every offset, length, index, shape, buffer size and
/// quantization array is checked here, so later stages can rely on them. Only the first subgraph is run.
public struct ModelDescription: Sendable {
    public var tensors: [TensorDescription]
    public var operators: [OperatorDescription]
    /// Graph inputs and outputs, in the model's order.
    public var inputs: [Int]
    public var outputs: [Int]
    /// The file size in bytes.
    public var fileSize: Int

    /// Largest tensor accepted (256 MiB): anything bigger in a model for a mirror is a corrupt or hostile file.
    public static let maximumTensorBytes = 1 << 28
    /// Largest rank accepted.
    public static let maximumRank = 6
    /// Most tensors / operators accepted.
    public static let maximumCount = 1 << 14

    /// Reads a model from the bytes of a .tflite file.
    public init(bytes: [UInt8]) throws(ModelFormatError) {
        let buffer = FlatBuffer(bytes: bytes)
        fileSize = bytes.count
        guard bytes.count >= 8 else {
            throw ModelFormatError(.outOfBounds, "file", "\(bytes.count) bytes is too short for a flatbuffer")
        }
        let model = try buffer.root()
        let version = try model.uint32(0, "version")
        guard version == 3 else {
            throw ModelFormatError(.unsupported, "model.version", "schema version \(version); closetd reads version 3")
        }

        // Operator codes.
        var codes: [(code: Int32, version: Int)] = []
        if let vector = try model.vector(1, "operator_codes", elementSize: 4) {
            try Self.checkCount(vector.count, "model.operator_codes")
            for index in 0..<vector.count {
                let table = try vector.table(index)
                let deprecated = Int32(try table.int8(0, "deprecated_builtin_code"))
                let builtin = try table.int32(3, "builtin_code")
                let opVersion = try table.int32(2, "version", default: 1)
                guard opVersion >= 1 else {
                    throw ModelFormatError(.invalid, table.field + ".version", "operator version \(opVersion) < 1")
                }
                codes.append((max(deprecated, builtin), Int(opVersion)))
            }
        }

        // Buffers: their data, inline (`data`) or after the flatbuffer (`offset`/`size`).
        var buffers: [ArraySlice<UInt8>] = []
        if let vector = try model.vector(4, "buffers", elementSize: 4) {
            try Self.checkCount(vector.count, "model.buffers")
            for index in 0..<vector.count {
                let table = try vector.table(index)
                if let data = try table.vector(0, "data", elementSize: 1) {
                    buffers.append(bytes[data.byteRange])
                    continue
                }
                let offset = try table.uint64(1, "offset")
                let size = try table.uint64(2, "size")
                if offset > 1 {
                    guard offset <= UInt64(bytes.count), size <= UInt64(bytes.count) - offset else {
                        throw ModelFormatError(
                            .outOfBounds, table.field, "data at offset \(offset), \(size) bytes, lies outside the file")
                    }
                    buffers.append(bytes[Int(offset)..<Int(offset + size)])
                } else {
                    buffers.append(bytes[0..<0])
                }
            }
        }

        guard let subgraphs = try model.vector(2, "subgraphs", elementSize: 4), subgraphs.count >= 1 else {
            throw ModelFormatError(.invalid, "model.subgraphs", "the model has no subgraph")
        }
        let subgraph = try subgraphs.table(0)

        // Tensors.
        var tensors: [TensorDescription] = []
        if let vector = try subgraph.vector(0, "tensors", elementSize: 4) {
            try Self.checkCount(vector.count, subgraph.field + ".tensors")
            tensors.reserveCapacity(vector.count)
            for index in 0..<vector.count {
                tensors.append(try Self.readTensor(try vector.table(index), buffers: buffers))
            }
        }
        self.tensors = tensors

        func tensorIndices(_ values: [Int32]?, _ field: String, optional: Bool) throws(ModelFormatError) -> [Int] {
            var result: [Int] = []
            for (position, value) in (values ?? []).enumerated() {
                if value == -1 && optional {
                    result.append(-1)
                    continue
                }
                guard value >= 0, Int(value) < tensors.count else {
                    throw ModelFormatError(
                        .invalid, "\(field)[\(position)]", "tensor index \(value) is not in 0..<\(tensors.count)")
                }
                result.append(Int(value))
            }
            return result
        }
        inputs = try tensorIndices(try subgraph.int32Array(1, "inputs"), subgraph.field + ".inputs", optional: false)
        outputs = try tensorIndices(try subgraph.int32Array(2, "outputs"), subgraph.field + ".outputs", optional: false)
        guard !outputs.isEmpty else {
            throw ModelFormatError(.invalid, subgraph.field + ".outputs", "the subgraph has no outputs")
        }

        // Operators.
        var operators: [OperatorDescription] = []
        if let vector = try subgraph.vector(3, "operators", elementSize: 4) {
            try Self.checkCount(vector.count, subgraph.field + ".operators")
            for index in 0..<vector.count {
                let table = try vector.table(index)
                let opcodeIndex = try table.uint32(0, "opcode_index")
                guard opcodeIndex < codes.count else {
                    throw ModelFormatError(
                        .invalid, table.field + ".opcode_index", "\(opcodeIndex) is not in 0..<\(codes.count)")
                }
                let optionsType = try table.uint8(3, "builtin_options_type")
                let options = try table.table(4, "builtin_options")
                if optionsType != 0 && options == nil {
                    throw ModelFormatError(
                        .invalid, table.field + ".builtin_options", "options type \(optionsType) without an options table")
                }
                operators.append(
                    OperatorDescription(
                        builtinCode: codes[Int(opcodeIndex)].code, version: codes[Int(opcodeIndex)].version,
                        inputs: try tensorIndices(try table.int32Array(1, "inputs"), table.field + ".inputs", optional: true),
                        outputs: try tensorIndices(
                            try table.int32Array(2, "outputs"), table.field + ".outputs", optional: false),
                        optionsType: optionsType, options: options, field: table.field))
            }
        }
        self.operators = operators
    }

    private static func checkCount(_ count: Int, _ field: String) throws(ModelFormatError) {
        guard count <= maximumCount else {
            throw ModelFormatError(.invalid, field, "\(count) entries is more than the \(maximumCount) accepted")
        }
    }

    private static func readTensor(_ table: FlatTable, buffers: [ArraySlice<UInt8>]) throws(ModelFormatError)
        -> TensorDescription
    {
        let name = try table.string(3, "name") ?? ""
        let field = table.field + (name.isEmpty ? "" : " '\(name)'")
        let rawType = try table.uint8(1, "type")
        guard let type = TensorElementType(rawValue: rawType) else {
            throw ModelFormatError(.unsupported, field + ".type", "tensor type \(rawType) is not supported")
        }
        let shape32 = try table.int32Array(0, "shape") ?? []
        guard shape32.count <= maximumRank else {
            throw ModelFormatError(.unsupported, field + ".shape", "rank \(shape32.count) > \(maximumRank)")
        }
        var shape: [Int] = []
        var bytes = type.byteSize
        for dimension in shape32 {
            guard dimension >= 1 else {
                throw ModelFormatError(.unsupported, field + ".shape", "dimension \(dimension) in \(shape32); static shapes with dimensions >= 1 only")
            }
            let (product, overflow) = bytes.multipliedReportingOverflow(by: Int(dimension))
            guard !overflow, product <= maximumTensorBytes else {
                throw ModelFormatError(.invalid, field + ".shape", "shape \(shape32) needs more than \(maximumTensorBytes) bytes")
            }
            bytes = product
            shape.append(Int(dimension))
        }

        let bufferIndex = try table.uint32(2, "buffer")
        guard bufferIndex < buffers.count || (bufferIndex == 0 && buffers.isEmpty) else {
            throw ModelFormatError(.invalid, field + ".buffer", "buffer \(bufferIndex) is not in 0..<\(buffers.count)")
        }
        var constantData: ArraySlice<UInt8>? = nil
        if bufferIndex < buffers.count, !buffers[Int(bufferIndex)].isEmpty {
            let data = buffers[Int(bufferIndex)]
            guard data.count == bytes else {
                throw ModelFormatError(
                    .invalid, field + ".buffer", "buffer \(bufferIndex) holds \(data.count) bytes, the tensor needs \(bytes)")
            }
            constantData = data
        }

        var quantization: Quantization? = nil
        if let q = try table.table(4, "quantization") {
            let scales = try q.floatArray(2, "scale") ?? []
            let zeroPoints = try q.int64Array(3, "zero_point") ?? []
            let dimension = Int(try q.int32(6, "quantized_dimension"))
            let detailsType = try q.uint8(4, "details_type")
            guard detailsType == 0 else {
                throw ModelFormatError(.unsupported, q.field + ".details", "custom quantization details")
            }
            if !scales.isEmpty {
                guard zeroPoints.count == scales.count else {
                    throw ModelFormatError(
                        .invalid, q.field, "\(scales.count) scales but \(zeroPoints.count) zero points")
                }
                if scales.count > 1 {
                    guard dimension >= 0, dimension < shape.count, shape[dimension] == scales.count else {
                        throw ModelFormatError(
                            .invalid, q.field,
                            "\(scales.count) scales along dimension \(dimension) of shape \(shape)")
                    }
                }
                for (index, scale) in scales.enumerated() where !(scale.isFinite && scale > 0) {
                    throw ModelFormatError(.invalid, q.field + ".scale[\(index)]", "scale \(scale) is not finite and > 0")
                }
                let range: ClosedRange<Int64> =
                    switch type {
                    case .int8: -128...127
                    case .uint8: 0...255
                    case .int16: -32768...32767
                    default: Int64(Int32.min)...Int64(Int32.max)
                    }
                for (index, zeroPoint) in zeroPoints.enumerated() where !range.contains(zeroPoint) {
                    throw ModelFormatError(
                        .invalid, q.field + ".zero_point[\(index)]", "zero point \(zeroPoint) is outside \(type)'s range")
                }
                quantization = Quantization(scales: scales, zeroPoints: zeroPoints, quantizedDimension: dimension)
            }
        }
        return TensorDescription(
            name: name, type: type, shape: shape, constantData: constantData, quantization: quantization)
    }
}
