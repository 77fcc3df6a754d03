import CKernels
import Testing

/// splitmix64: small, seedable, so a failing case can be replayed from the printed seed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var z = state
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}

/// Random kernel inputs with the extremes the kernels must survive: all -128, all 127, extreme zero points.
struct KernelCaseMaker {
    var rng: SeededGenerator

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &rng) }

    mutating func bytes(_ count: Int) -> [Int8] {
        switch int(0...9) {
        case 0: return Array(repeating: -128, count: count)
        case 1: return Array(repeating: 127, count: count)
        case 2: return (0..<count).map { _ in int(0...1) == 0 ? -128 : 127 }
        default: return (0..<count).map { _ in Int8.random(in: .min ... .max, using: &rng) }
        }
    }

    mutating func zeroPoint() -> Int32 {
        switch int(0...3) {
        case 0: return -128
        case 1: return 127
        default: return Int32(int(-128...127))
        }
    }

    /// Multipliers as QuantizeMultiplier makes them ([2^30, 2^31) or 0), shifts in TFLite's range, a clamp range.
    mutating func requantization(channels: Int) -> Requantization {
        var multipliers: [Int32] = []
        var shifts: [Int32] = []
        let perTensor = int(0...3) == 0
        for channel in 0..<channels {
            if perTensor && channel > 0 {
                multipliers.append(multipliers[0])
                shifts.append(shifts[0])
                continue
            }
            multipliers.append(int(0...50) == 0 ? 0 : Int32(int((1 << 30)...Int(Int32.max))))
            shifts.append(int(0...5) == 0 ? Int32(int(-31...30)) : Int32(int(-14...1)))
        }
        var low: Int32 = -128
        var high: Int32 = 127
        if int(0...2) == 0 {
            low = Int32(int(-128...0))
            high = Int32(int(Int(low)...127))
        }
        return Requantization(
            multipliers: multipliers, shifts: shifts, outputZeroPoint: zeroPoint(), outputMin: low, outputMax: high,
            singleRounding: Int32(int(0...1)))
    }
}

struct Requantization {
    var multipliers: [Int32]
    var shifts: [Int32]
    var outputZeroPoint: Int32
    var outputMin: Int32
    var outputMax: Int32
    var singleRounding: Int32

    func withParams<R>(_ body: (UnsafePointer<ck_qs8_requant_params>) -> R) -> R {
        multipliers.withUnsafeBufferPointer { m in
            shifts.withUnsafeBufferPointer { s in
                var params = ck_qs8_requant_params(
                    multiplier: m.baseAddress, shift: s.baseAddress, output_zero_point: outputZeroPoint,
                    output_min: outputMin, output_max: outputMax, single_rounding: singleRounding)
                return withUnsafePointer(to: &params) { body($0) }
            }
        }
    }
}

/// The variants compiled for this architecture; those the CPU lacks are reported, not silently passed.
enum HostVariants {
    static var scalar: UnsafePointer<ck_kernels> { ck_kernels_for_variant(CK_VARIANT_SCALAR)! }
    static func kernels(_ variant: ck_variant) -> UnsafePointer<ck_kernels>? { ck_kernels_for_variant(variant) }
    static var hasAVX2: Bool { kernels(CK_VARIANT_AVX2) != nil }
    static var hasNEON: Bool { kernels(CK_VARIANT_NEON) != nil }
    static var hasNEONDot: Bool { kernels(CK_VARIANT_NEONDOT) != nil }
    static var hasAVX512VNNI: Bool { kernels(CK_VARIANT_AVX512VNNI) != nil }
    static let seed = UInt64.random(in: 0...UInt64.max)
}

/// Every variant the host can run, against the scalar oracle, bit for bit, over random shapes and data.
@Suite struct KernelVariantTests {
    static let casesPerFamily = 250

    @Test(.enabled(if: HostVariants.hasAVX2, "this CPU has no AVX2")) func avx2MatchesScalar() {
        checkVariant(CK_VARIANT_AVX2)
    }

    @Test(.enabled(if: HostVariants.hasNEON, "not an ARM CPU: NEON runs under qemu in tools/kernel-test/run.sh"))
    func neonMatchesScalar() {
        checkVariant(CK_VARIANT_NEON)
    }

    @Test(.enabled(if: HostVariants.hasNEONDot, "no dot product here: neondot runs under qemu -cpu cortex-a76"))
    func neonDotMatchesScalar() {
        checkVariant(CK_VARIANT_NEONDOT)
    }

    @Test(.enabled(if: HostVariants.hasAVX512VNNI, "no AVX-512 VNNI kernels are built (not written yet)"))
    func avx512VNNIMatchesScalar() {
        checkVariant(CK_VARIANT_AVX512VNNI)
    }

    func checkVariant(_ variant: ck_variant) {
        let kernels = HostVariants.kernels(variant)!
        let seed = HostVariants.seed
        var maker = KernelCaseMaker(rng: SeededGenerator(state: seed ^ UInt64(variant.rawValue)))
        for index in 0..<Self.casesPerFamily {
            checkRequant(kernels, &maker, index, seed)
            checkGEMM(kernels, &maker, index, seed)
            checkDepthwise(kernels, &maker, index, seed)
            checkVectorAdd(kernels, &maker, index, seed)
            checkVectorMultiply(kernels, &maker, index, seed)
        }
    }

    func checkRequant(_ kernels: UnsafePointer<ck_kernels>, _ maker: inout KernelCaseMaker, _ index: Int, _ seed: UInt64) {
        let m = maker.int(1...5)
        let n = maker.int(1...70)
        let specials: [Int32] = [.min, .min + 1, .max, .max - 1, 0, 1, -1, 1 << 30, -(1 << 30), 255, -256]
        let acc: [Int32] = (0..<(m * n)).map { _ in
            switch maker.int(0...3) {
            case 0: return specials[maker.int(0...(specials.count - 1))]
            case 1: return Int32(truncatingIfNeeded: maker.rng.next())
            default: return Int32(maker.int(-100_000...100_000))
            }
        }
        let rq = maker.requantization(channels: n)
        var expected = [Int8](repeating: 0, count: m * n)
        var actual = [Int8](repeating: 0, count: m * n)
        rq.withParams { p in
            HostVariants.scalar.pointee.requant(m, n, acc, n, &expected, n, p)
            kernels.pointee.requant(m, n, acc, n, &actual, n, p)
        }
        #expect(actual == expected, "qs8-requant \(name(kernels)) case \(index) m=\(m) n=\(n); seed \(seed)")
    }

    func checkGEMM(_ kernels: UnsafePointer<ck_kernels>, _ maker: inout KernelCaseMaker, _ index: Int, _ seed: UInt64) {
        let m = maker.int(1...17)
        let n = maker.int(1...40)
        let k = maker.int(0...4) == 0 ? maker.int(100...600) : maker.int(1...40)
        let aStride = k + maker.int(0...5)
        let a = maker.bytes(m * aStride)
        let w = maker.bytes(n * k)
        let bias: [Int32]? = maker.int(0...3) == 0 ? nil : (0..<n).map { _ in Int32(maker.int(-(1 << 20)...(1 << 20))) }
        let aZeroPoint = maker.zeroPoint()
        let rq = maker.requantization(channels: n)
        func run(_ k2: UnsafePointer<ck_kernels>) -> [Int8] {
            var config = k2.pointee.gemm
            var packed = [UInt8](repeating: 0, count: ck_qs8_gemm_packed_size(&config, n, k))
            var out = [Int8](repeating: 0x5a, count: m * n + 16)  // 16 guard bytes must stay untouched
            if let bias { ck_qs8_gemm_pack(&config, n, k, w, bias, aZeroPoint, &packed) }
            else { ck_qs8_gemm_pack(&config, n, k, w, nil, aZeroPoint, &packed) }
            rq.withParams { p in config.run(m, n, k, a, aStride, packed, &out, n, p) }
            return out
        }
        let expected = run(HostVariants.scalar)
        let actual = run(kernels)
        #expect(actual == expected, "qs8-gemm \(name(kernels)) case \(index) m=\(m) n=\(n) k=\(k) a_zp=\(aZeroPoint); seed \(seed)")
    }

    func checkDepthwise(_ kernels: UnsafePointer<ck_kernels>, _ maker: inout KernelCaseMaker, _ index: Int, _ seed: UInt64) {
        var g = ck_conv_geometry()
        while true {
            g.input_height = maker.int(1...12)
            g.input_width = maker.int(1...12)
            g.channels = maker.int(1...70)
            g.kernel_height = maker.int(1...5)
            g.kernel_width = maker.int(1...5)
            g.stride_height = maker.int(1...3)
            g.stride_width = maker.int(1...3)
            g.dilation_height = maker.int(1...2)
            g.dilation_width = maker.int(1...2)
            let spanH = g.dilation_height * (g.kernel_height - 1) + 1
            let spanW = g.dilation_width * (g.kernel_width - 1) + 1
            let padH = maker.int(0...(spanH - 1))
            let padW = maker.int(0...(spanW - 1))
            g.padding_top = padH / 2
            g.padding_left = padW / 2
            if g.input_height + padH < spanH || g.input_width + padW < spanW { continue }
            g.output_height = (g.input_height + padH - spanH) / g.stride_height + 1
            g.output_width = (g.input_width + padW - spanW) / g.stride_width + 1
            break
        }
        let multiplier = maker.int(0...5) == 0 ? maker.int(2...3) : 1
        let outChannels = g.channels * multiplier
        let taps = g.kernel_height * g.kernel_width
        let input = maker.bytes(g.input_height * g.input_width * g.channels)
        let w = maker.bytes(taps * outChannels)
        let bias = (0..<outChannels).map { _ in Int32(maker.int(-(1 << 18)...(1 << 18))) }
        let izp = maker.zeroPoint()
        let rq = maker.requantization(channels: outChannels)
        var packed = [UInt8](repeating: 0, count: ck_qs8_dwconv_packed_size(taps, outChannels))
        ck_qs8_dwconv_pack(taps, outChannels, w, bias, &packed)
        let outSize = g.output_height * g.output_width * outChannels
        func run(_ k2: UnsafePointer<ck_kernels>) -> [Int8] {
            var out = [Int8](repeating: 0x5a, count: outSize + 16)
            let split = g.output_height / 2
            rq.withParams { p in
                k2.pointee.dwconv(&g, multiplier, izp, input, packed, &out, p, 0, split)
                k2.pointee.dwconv(&g, multiplier, izp, input, packed, &out, p, split, g.output_height - split)
            }
            return out
        }
        let expected = run(HostVariants.scalar)
        let actual = run(kernels)
        #expect(actual == expected, "qs8-dwconv \(name(kernels)) case \(index) in=\(g.input_height)x\(g.input_width)x\(g.channels) k=\(g.kernel_height)x\(g.kernel_width) mult=\(multiplier); seed \(seed)")
    }

    func checkVectorAdd(_ kernels: UnsafePointer<ck_kernels>, _ maker: inout KernelCaseMaker, _ index: Int, _ seed: UInt64) {
        let n = maker.int(1...300)
        let a = maker.bytes(n)
        let b = maker.bytes(n)
        var params = ck_qs8_vadd_params(
            a_offset: -maker.zeroPoint(), b_offset: -maker.zeroPoint(),
            a_multiplier: Int32(maker.int((1 << 30)...Int(Int32.max))), a_shift: Int32(maker.int(-20...0)),
            b_multiplier: Int32(maker.int((1 << 30)...Int(Int32.max))), b_shift: Int32(maker.int(-20...0)),
            out_multiplier: Int32(maker.int((1 << 30)...Int(Int32.max))), out_shift: Int32(maker.int(-31...8)),
            out_zero_point: maker.zeroPoint(), out_min: -128, out_max: 127, subtract: Int32(maker.int(0...1)))
        if maker.int(0...2) == 0 {
            params.out_min = Int32(maker.int(-128...0))
            params.out_max = Int32(maker.int(Int(params.out_min)...127))
        }
        var expected = [Int8](repeating: 0x5a, count: n + 16)
        var actual = [Int8](repeating: 0x5a, count: n + 16)
        HostVariants.scalar.pointee.vadd(n, a, b, &expected, &params)
        kernels.pointee.vadd(n, a, b, &actual, &params)
        #expect(actual == expected, "qs8-vadd \(name(kernels)) case \(index) n=\(n); seed \(seed)")
    }

    /// Each factor contiguous, repeated (stride 0, a broadcast operand) or strided (handed to scalar by SIMD).
    func checkVectorMultiply(_ kernels: UnsafePointer<ck_kernels>, _ maker: inout KernelCaseMaker, _ index: Int, _ seed: UInt64) {
        let n = maker.int(1...300)
        let strides = [1, 1, 0, 3]
        let aStride = strides[maker.int(0...3)], bStride = strides[maker.int(0...3)]
        let a = maker.bytes(3 * n)
        let b = maker.bytes(3 * n)
        var params = ck_qs8_vmul_params(
            a_offset: -maker.zeroPoint(), b_offset: -maker.zeroPoint(),
            out_multiplier: Int32(maker.int((1 << 30)...Int(Int32.max))), out_shift: Int32(maker.int(-31...8)),
            out_zero_point: maker.zeroPoint(), out_min: -128, out_max: 127)
        if maker.int(0...2) == 0 {
            params.out_min = Int32(maker.int(-128...0))
            params.out_max = Int32(maker.int(Int(params.out_min)...127))
        }
        var expected = [Int8](repeating: 0x5a, count: n + 16)
        var actual = [Int8](repeating: 0x5a, count: n + 16)
        HostVariants.scalar.pointee.vmul(n, a, aStride, b, bStride, &expected, &params)
        kernels.pointee.vmul(n, a, aStride, b, bStride, &actual, &params)
        #expect(actual == expected, "qs8-vmul \(name(kernels)) case \(index) n=\(n) strides=\(aStride),\(bStride); seed \(seed)")
    }

    func name(_ kernels: UnsafePointer<ck_kernels>) -> String { String(cString: kernels.pointee.name) }
}

/// The oracle itself, against values worked out by hand from gemmlowp's definitions.
@Suite struct RequantizationOracleTests {
    struct Anchor: Sendable, CustomTestStringConvertible {
        var value: Int32, multiplier: Int32, shift: Int32, expected: Int32
        var testDescription: String { "MBQM(\(value), \(multiplier), \(shift)) = \(expected)" }
    }

    static let anchors: [Anchor] = [
        Anchor(value: 3, multiplier: 1 << 30, shift: 0, expected: 2),  // 1.5 rounds away from zero
        Anchor(value: -3, multiplier: 1 << 30, shift: 0, expected: -1),  // the doubling high mul rounds -1.5 up
        Anchor(value: 5, multiplier: 1 << 30, shift: -1, expected: 2),  // 2.5 -> 3, then 3 / 2 = 1.5 -> 2
        Anchor(value: -7, multiplier: 1 << 30, shift: -2, expected: -1),  // -3.5 -> -3, then -0.75 -> -1
        Anchor(value: 1000, multiplier: 1 << 30, shift: 1, expected: 1000),
        Anchor(value: .min, multiplier: .min, shift: 0, expected: .max),  // the one saturating case
    ]

    @Test(arguments: anchors) func multiplyByQuantizedMultiplier(anchor: Anchor) {
        #expect(ck_multiply_by_quantized_multiplier(anchor.value, anchor.multiplier, anchor.shift) == anchor.expected)
    }

    @Test func singleRoundingMatchesHandWorkedValues() {
        // -26426 * 1565488418 / 2^38 = -150.5017 -> -151 (double rounding of the same gives -151 too, via -150.5);
        // -294 * 2145111532 / 2^33 = -73.42 -> -73, where double rounding gives -74.
        #expect(ck_multiply_by_quantized_multiplier_single_rounding(-26426, 1_565_488_418, -7) == -151)
        #expect(ck_multiply_by_quantized_multiplier_single_rounding(-294, 2_145_111_532, -2) == -73)
        #expect(ck_multiply_by_quantized_multiplier(-294, 2_145_111_532, -2) == -74)
    }

    @Test func forcingUnknownVariantNameIsRejected() {
        #expect(ck_variant_from_name("sse9") == -1)
        #expect(ck_variant_from_name("avx2") == Int32(CK_VARIANT_AVX2.rawValue))
    }
}
