import CKernels

/// Packs GEMM weights for the chosen kernel variant, folding the input zero point into the bias.
enum GEMMPacking {
    static func pack(_ config: inout ck_qs8_gemm_config, channels: Int, depth: Int, _ weights: ConvolutionWeights)
        -> OwnedBuffer
    {
        let packed = OwnedBuffer(bytes: ck_qs8_gemm_packed_size(&config, channels, depth))
        weights.weights.withUnsafeBufferPointer { w in
            if let bias = weights.bias {
                ck_qs8_gemm_pack(&config, channels, depth, w.baseAddress, bias, weights.input.zeroPoint, packed.pointer)
            } else {
                ck_qs8_gemm_pack(&config, channels, depth, w.baseAddress, nil, weights.input.zeroPoint, packed.pointer)
            }
        }
        return packed
    }
}
