import CKernels

/// Scalar requantization helpers for the element-wise operators, through the same oracle the kernels are tested on.
enum Requantize {
    @inline(__always)
    static func multiply(_ value: Int32, _ m: QuantizedMultiplier) -> Int32 {
        ck_multiply_by_quantized_multiplier(value, m.multiplier, m.shift)
    }
}
