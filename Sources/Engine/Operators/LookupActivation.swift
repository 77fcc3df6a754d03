import CKernels

/// LOGISTIC, TANH and HARD_SWISH on int8: a 256-entry table built at load (as TFLite's reference computes each
/// value: float libm for LOGISTIC and TANH, its 16-bit fixed-point steps for HARD_SWISH), then one lookup per
/// element.
final class LookupActivation: SingleInputKernel {
    let name: String
    let count: Int
    private var table = [Int8](repeating: 0, count: 256)
    let inputTensor: Int, outputTensor: Int
    var input: UnsafeMutableRawPointer?, output: UnsafeMutableRawPointer?

    /// `function` nil means HARD_SWISH.
    init(_ context: OperatorContext, function: ck_s8_lut_function?) throws(ModelFormatError) {
        name = function == nil ? "HARD_SWISH" : function == CK_S8_LUT_LOGISTIC ? "LOGISTIC" : "TANH"
        try context.requireVersion(function == nil ? 1...1 : 1...3)
        let ((inputIndex, input), (outputIndex, output)) = try context.int8InputAndOutput()
        guard input.shape == output.shape else { throw context.fail("input \(input.shape) and output \(output.shape) differ") }
        let inQ = try context.perTensor(input, "input")
        let outQ = try context.perTensor(output, "output")
        guard inQ.scale.isFinite, inQ.scale > 0, outQ.scale.isFinite, outQ.scale > 0 else {
            throw context.fail("scales must be positive and finite")
        }
        // The reference refuses any other output quantization for LOGISTIC.
        if function == CK_S8_LUT_LOGISTIC, outQ.scale != 1.0 / 256 || outQ.zeroPoint != -128 {
            throw context.unsupported("output must have scale 1/256 and zero point -128, not \(outQ.scale) and \(outQ.zeroPoint)")
        }
        count = input.elementCount
        inputTensor = inputIndex
        outputTensor = outputIndex
        guard let function else {
            guard let hardSwish = HardSwishTable(
                inputScale: inQ.scale, inputZeroPoint: inQ.zeroPoint, outputScale: outQ.scale, outputZeroPoint: outQ.zeroPoint)
            else {
                throw context.unsupported("input scale / 128 / output scale must be below 1, as TFLite requires")
            }
            // HardSwishTable is indexed by q + 128, the lookup by the input byte.
            for q in -128...127 { table[Int(UInt8(bitPattern: Int8(q)))] = hardSwish.table[q + 128] }
            return
        }
        table.withUnsafeMutableBufferPointer { table in
            ck_s8_lut_build(function, inQ.scale, inQ.zeroPoint, outQ.scale, outQ.zeroPoint, table.baseAddress)
        }
    }

    func run() {
        table.withUnsafeBufferPointer { table in
            ck_s8_lut_apply(
                table.baseAddress, input!.assumingMemoryBound(to: Int8.self), output!.assumingMemoryBound(to: Int8.self),
                count)
        }
    }
}
