import CKernels

/// ADD, SUB and MUL on int8 with broadcasting, following TFLite's reference integer arithmetic: ADD/SUB rescale both
/// inputs to a common scale after a left shift of 20, then requantize the sum; MUL requantizes the product.
final class ElementwiseArithmetic: OperatorKernel {
    enum Kind { case add, sub, mul }
    let name: String
    let kind: Kind
    let broadcast: Broadcast
    let sameShapes: Bool
    /// Same-shape ADD/SUB run on the variant's qs8-vadd kernel.
    let vadd: ck_qs8_vadd_fn
    var vaddParams: ck_qs8_vadd_params
    /// MUL runs on the variant's qs8-vmul kernel, a row of the innermost dimension per call (an operand whose
    /// innermost dimension is broadcast has stride 0).
    let vmul: ck_qs8_vmul_fn
    let vmulParams: ck_qs8_vmul_params
    let offset1: Int32, offset2: Int32, outputOffset: Int32
    let multiplier1: QuantizedMultiplier, multiplier2: QuantizedMultiplier, outputMultiplier: QuantizedMultiplier
    let range: ClosedRange<Int32>
    let tensor1: Int, tensor2: Int, outputTensor: Int
    var input1: UnsafeMutableRawPointer?, input2: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    static let leftShift: Int32 = 20

    init(_ context: OperatorContext, kind: Kind) throws(ModelFormatError) {
        self.kind = kind
        name = context.op.name
        try context.requireVersion(1...(kind == .mul ? 6 : 5))
        try context.requireCounts(inputs: 2...2, outputs: 1...1)
        let (index1, a) = try context.input(0)
        let (index2, b) = try context.input(1)
        let (outputIndex, out) = try context.output(0)
        for (tensor, role) in [(a, "input 1"), (b, "input 2"), (out, "output")] {
            try context.requireType(tensor, [.int8], role)
        }
        guard let broadcast = Broadcast(a.shape, b.shape, output: out.shape) else {
            throw context.fail("shapes \(a.shape) and \(b.shape) do not broadcast to \(out.shape)")
        }
        self.broadcast = broadcast
        sameShapes = a.shape == out.shape && b.shape == out.shape
        let q1 = try context.perTensor(a, "input 1"), q2 = try context.perTensor(b, "input 2")
        let qo = try context.perTensor(out, "output")
        let optionsType: UInt8 = kind == .add ? 11 : kind == .sub ? 28 : 21
        let options = try context.options(optionsType, "\(name) options")
        let activation = try FusedActivation.parse(try options?.int8(0, "fused_activation_function") ?? 0, context.field)
        range = activation.range(scale: qo.scale, zeroPoint: qo.zeroPoint)
        offset1 = -q1.zeroPoint
        offset2 = -q2.zeroPoint
        outputOffset = qo.zeroPoint
        switch kind {
        case .add, .sub:
            let twiceMax = Double(2 * max(q1.scale, q2.scale))
            multiplier1 = QuantizedMultiplier(Double(q1.scale) / twiceMax)
            multiplier2 = QuantizedMultiplier(Double(q2.scale) / twiceMax)
            outputMultiplier = QuantizedMultiplier(twiceMax / Double(Float(1 << Self.leftShift) * qo.scale))
        case .mul:
            multiplier1 = QuantizedMultiplier(multiplier: 0, shift: 0)
            multiplier2 = multiplier1
            outputMultiplier = QuantizedMultiplier(Double(q1.scale * q2.scale / qo.scale))
        }
        vadd = context.kernels.table.pointee.vadd
        vaddParams = ck_qs8_vadd_params(
            a_offset: offset1, b_offset: offset2, a_multiplier: multiplier1.multiplier, a_shift: multiplier1.shift,
            b_multiplier: multiplier2.multiplier, b_shift: multiplier2.shift,
            out_multiplier: outputMultiplier.multiplier, out_shift: outputMultiplier.shift,
            out_zero_point: outputOffset, out_min: range.lowerBound, out_max: range.upperBound,
            subtract: kind == .sub ? 1 : 0)
        vmul = context.kernels.table.pointee.vmul
        vmulParams = ck_qs8_vmul_params(
            a_offset: offset1, b_offset: offset2, out_multiplier: outputMultiplier.multiplier,
            out_shift: outputMultiplier.shift, out_zero_point: outputOffset, out_min: range.lowerBound,
            out_max: range.upperBound)
        tensor1 = index1
        tensor2 = index2
        outputTensor = outputIndex
    }

    func bind(_ memory: TensorMemory) {
        input1 = memory.pointer(tensor1)
        input2 = memory.pointer(tensor2)
        output = memory.pointer(outputTensor)
    }

    func run() {
        let a = input1!.assumingMemoryBound(to: Int8.self)
        let b = input2!.assumingMemoryBound(to: Int8.self)
        let out = output!.assumingMemoryBound(to: Int8.self)
        let low = range.lowerBound, high = range.upperBound
        let step1 = broadcast.innerStride1, step2 = broadcast.innerStride2
        switch kind {
        case .add, .sub:
            let negate = kind == .sub
            if sameShapes {
                vadd(broadcast.outputShape.reduce(1, *), a, b, out, &vaddParams)
                return
            }
            broadcast.forEachRow { start, i, j, count in
                var i = i, j = j
                for o in start..<(start + count) {
                    let x = Requantize.multiply((offset1 &+ Int32(a[i])) << Self.leftShift, multiplier1)
                    let y = Requantize.multiply((offset2 &+ Int32(b[j])) << Self.leftShift, multiplier2)
                    let raw = Requantize.multiply(negate ? x &- y : x &+ y, outputMultiplier) &+ outputOffset
                    out[o] = Int8(min(max(raw, low), high))
                    i += step1
                    j += step2
                }
            }
        case .mul:
            withUnsafePointer(to: vmulParams) { params in
                broadcast.forEachRow { start, i, j, count in
                    vmul(count, a + i, step1, b + j, step2, out + start, params)
                }
            }
        }
    }
}
