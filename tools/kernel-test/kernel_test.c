// Stand-alone test driver for the C kernels: every variant this CPU can run against the scalar oracle, bit-exact,
// on random shapes and data. Built natively and cross-built for aarch64 (run under qemu) by run.sh.
// Usage: kernel_test [seed] [cases-per-family]; prints the seed so a failure can be replayed.
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "ckernels.h"

static uint64_t rng_state;
static uint64_t next_u64(void) {  // splitmix64
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static int64_t uniform(int64_t lo, int64_t hi) { return lo + (int64_t)(next_u64() % (uint64_t)(hi - lo + 1)); }

static unsigned failures, checks;
static uint64_t seed;

/// Fills int8 data in one of several modes: uniform, all -128, all 127, or only the extremes.
static void fill_int8(int8_t* data, size_t count) {
    int mode = (int)uniform(0, 9);
    for (size_t i = 0; i < count; i++) {
        switch (mode) {
        case 0: data[i] = -128; break;
        case 1: data[i] = 127; break;
        case 2: data[i] = uniform(0, 1) ? 127 : -128; break;
        default: data[i] = (int8_t)uniform(-128, 127); break;
        }
    }
}

static int32_t extreme_zero_point(void) {
    switch (uniform(0, 3)) {
    case 0: return -128;
    case 1: return 127;
    default: return (int32_t)uniform(-128, 127);
    }
}

/// Random per-channel requantization: multipliers as QuantizeMultiplier makes them ([2^30, 2^31) or 0), shifts in
/// TFLite's range, an activation range that is the full int8 range or a fused ReLU-like subrange.
static void fill_requant(size_t n, int32_t* multiplier, int32_t* shift, ck_qs8_requant_params* p) {
    int per_tensor = uniform(0, 3) == 0;
    for (size_t j = 0; j < n; j++) {
        if (per_tensor && j > 0) {
            multiplier[j] = multiplier[0];
            shift[j] = shift[0];
            continue;
        }
        multiplier[j] = uniform(0, 50) == 0 ? 0 : (int32_t)uniform(INT64_C(1) << 30, INT32_MAX);
        shift[j] = uniform(0, 5) == 0 ? (int32_t)uniform(-31, 30) : (int32_t)uniform(-14, 1);
    }
    p->multiplier = multiplier;
    p->shift = shift;
    p->output_zero_point = extreme_zero_point();
    p->single_rounding = (int32_t)uniform(0, 1);
    if (uniform(0, 2) == 0) {
        p->output_min = (int32_t)uniform(-128, 0);
        p->output_max = (int32_t)uniform(p->output_min, 127);
    } else {
        p->output_min = -128;
        p->output_max = 127;
    }
}

static void report(const char* family, const char* variant, unsigned index, const char* shape) {
    failures++;
    fprintf(stderr, "FAIL %s/%s case %u (%s): differs from scalar; replay with seed %llu\n", family, variant, index,
            shape, (unsigned long long)seed);
}

enum { GUARD = 16 };
static const int8_t GUARD_BYTE = 0x5a;

static int guard_intact(const int8_t* buffer, size_t size) {
    for (size_t i = 0; i < GUARD; i++)
        if (buffer[size + i] != GUARD_BYTE) return 0;
    return 1;
}

static void test_requant(const ck_kernels* variant, unsigned cases) {
    const ck_kernels* scalar = ck_kernels_for_variant(CK_VARIANT_SCALAR);
    for (unsigned index = 0; index < cases; index++) {
        size_t m = (size_t)uniform(1, 5), n = (size_t)uniform(1, 70);
        int32_t* acc = malloc(m * n * sizeof(int32_t));
        int32_t multiplier[70], shift[70];
        ck_qs8_requant_params p;
        fill_requant(n, multiplier, shift, &p);
        static const int32_t specials[] = {INT32_MIN, INT32_MIN + 1, INT32_MAX, INT32_MAX - 1, 0, 1, -1, 2, -2,
                                           1 << 30, -(1 << 30), (1 << 30) + 1, 3, -3, 255, -255, 256, -256};
        for (size_t i = 0; i < m * n; i++) {
            int mode = (int)uniform(0, 3);
            acc[i] = mode == 0   ? specials[uniform(0, sizeof specials / sizeof specials[0] - 1)]
                     : mode == 1 ? (int32_t)(uint32_t)next_u64()
                                 : (int32_t)uniform(-100000, 100000);
        }
        int8_t* expected = malloc(m * n + GUARD);
        int8_t* actual = malloc(m * n + GUARD);
        memset(actual, GUARD_BYTE, m * n + GUARD);
        scalar->requant(m, n, acc, n, expected, n, &p);
        variant->requant(m, n, acc, n, actual, n, &p);
        checks++;
        if (memcmp(expected, actual, m * n) != 0 || !guard_intact(actual, m * n)) {
            char shape[64];
            snprintf(shape, sizeof shape, "m=%zu n=%zu", m, n);
            report("qs8-requant", variant->name, index, shape);
        }
        free(acc), free(expected), free(actual);
    }
}

static void test_gemm(const ck_kernels* variant, unsigned cases) {
    const ck_kernels* scalar = ck_kernels_for_variant(CK_VARIANT_SCALAR);
    for (unsigned index = 0; index < cases; index++) {
        size_t m = (size_t)uniform(1, 17), n = (size_t)uniform(1, 40);
        size_t k = uniform(0, 4) == 0 ? (size_t)uniform(100, 600) : (size_t)uniform(1, 40);
        if (uniform(0, 19) == 0) k = (size_t)uniform(1000, 2600);  // past a kernel's k chunk (AVX2: 1024)
        size_t a_stride = k + (size_t)uniform(0, 3) * (size_t)uniform(0, 5);
        size_t c_stride = n + (size_t)uniform(0, 1) * (size_t)uniform(0, 7);
        int8_t* a = malloc(m * a_stride);
        int8_t* w = malloc(n * k);
        int32_t* bias = malloc(n * sizeof(int32_t));
        int32_t multiplier[40], shift[40];
        fill_int8(a, m * a_stride);
        fill_int8(w, n * k);
        int use_bias = uniform(0, 3) != 0;
        for (size_t j = 0; j < n; j++) bias[j] = (int32_t)uniform(-(1 << 20), 1 << 20);
        int32_t a_zero_point = extreme_zero_point();
        ck_qs8_requant_params p;
        fill_requant(n, multiplier, shift, &p);
        size_t c_size = (m - 1) * c_stride + n;
        int8_t* expected = malloc(c_size + GUARD);
        int8_t* actual = malloc(c_size + GUARD);
        memset(expected, GUARD_BYTE, c_size + GUARD);
        memset(actual, GUARD_BYTE, c_size + GUARD);
        void* packed_scalar = malloc(ck_qs8_gemm_packed_size(&scalar->gemm, n, k));
        void* packed = malloc(ck_qs8_gemm_packed_size(&variant->gemm, n, k));
        ck_qs8_gemm_pack(&scalar->gemm, n, k, w, use_bias ? bias : NULL, a_zero_point, packed_scalar);
        ck_qs8_gemm_pack(&variant->gemm, n, k, w, use_bias ? bias : NULL, a_zero_point, packed);
        scalar->gemm.run(m, n, k, a, a_stride, packed_scalar, expected, c_stride, &p);
        variant->gemm.run(m, n, k, a, a_stride, packed, actual, c_stride, &p);
        checks++;
        if (memcmp(expected, actual, c_size + GUARD) != 0) {
            char shape[96];
            snprintf(shape, sizeof shape, "m=%zu n=%zu k=%zu a_zp=%d", m, n, k, a_zero_point);
            report("qs8-gemm", variant->name, index, shape);
        }
        free(a), free(w), free(bias), free(expected), free(actual), free(packed_scalar), free(packed);
    }
}

static void test_vadd(const ck_kernels* variant, unsigned cases) {
    const ck_kernels* scalar = ck_kernels_for_variant(CK_VARIANT_SCALAR);
    for (unsigned index = 0; index < cases; index++) {
        size_t n = (size_t)uniform(1, 300);
        int8_t* a = malloc(n);
        int8_t* b = malloc(n);
        fill_int8(a, n);
        fill_int8(b, n);
        ck_qs8_vadd_params p;
        p.a_offset = -extreme_zero_point();
        p.b_offset = -extreme_zero_point();
        // ADD's input multipliers are below one half (shift <= 0); the output one may be anything.
        p.a_multiplier = (int32_t)uniform(INT64_C(1) << 30, INT32_MAX), p.a_shift = (int32_t)uniform(-20, 0);
        p.b_multiplier = (int32_t)uniform(INT64_C(1) << 30, INT32_MAX), p.b_shift = (int32_t)uniform(-20, 0);
        p.out_multiplier = (int32_t)uniform(INT64_C(1) << 30, INT32_MAX), p.out_shift = (int32_t)uniform(-31, 8);
        p.out_zero_point = extreme_zero_point();
        p.out_min = uniform(0, 2) ? -128 : (int32_t)uniform(-128, 0);
        p.out_max = uniform(0, 2) ? 127 : (int32_t)uniform(p.out_min, 127);
        p.subtract = (int32_t)uniform(0, 1);
        int8_t* expected = malloc(n + GUARD);
        int8_t* actual = malloc(n + GUARD);
        memset(expected, GUARD_BYTE, n + GUARD);
        memset(actual, GUARD_BYTE, n + GUARD);
        scalar->vadd(n, a, b, expected, &p);
        variant->vadd(n, a, b, actual, &p);
        checks++;
        if (memcmp(expected, actual, n + GUARD) != 0) {
            char shape[32];
            snprintf(shape, sizeof shape, "n=%zu", n);
            report("qs8-vadd", variant->name, index, shape);
        }
        free(a), free(b), free(expected), free(actual);
    }
}

/// MUL with each factor contiguous, repeated (stride 0) or, now and then, strided (the SIMD variants hand that to
/// scalar); the multiplier as QuantizeMultiplier makes it from any positive scale ratio, above one included.
static void test_vmul(const ck_kernels* variant, unsigned cases) {
    const ck_kernels* scalar = ck_kernels_for_variant(CK_VARIANT_SCALAR);
    static const size_t strides[] = {1, 1, 0, 3};
    for (unsigned index = 0; index < cases; index++) {
        size_t n = (size_t)uniform(1, 300);
        size_t a_stride = strides[uniform(0, 3)], b_stride = strides[uniform(0, 3)];
        int8_t* a = malloc(n * 3);
        int8_t* b = malloc(n * 3);
        fill_int8(a, n * 3);
        fill_int8(b, n * 3);
        ck_qs8_vmul_params p;
        p.a_offset = -extreme_zero_point();
        p.b_offset = -extreme_zero_point();
        p.out_multiplier = uniform(0, 50) == 0 ? 0 : (int32_t)uniform(INT64_C(1) << 30, INT32_MAX);
        p.out_shift = (int32_t)uniform(-31, 8);
        p.out_zero_point = extreme_zero_point();
        p.out_min = uniform(0, 2) ? -128 : (int32_t)uniform(-128, 0);
        p.out_max = uniform(0, 2) ? 127 : (int32_t)uniform(p.out_min, 127);
        int8_t* expected = malloc(n + GUARD);
        int8_t* actual = malloc(n + GUARD);
        memset(expected, GUARD_BYTE, n + GUARD);
        memset(actual, GUARD_BYTE, n + GUARD);
        scalar->vmul(n, a, a_stride, b, b_stride, expected, &p);
        variant->vmul(n, a, a_stride, b, b_stride, actual, &p);
        checks++;
        if (memcmp(expected, actual, n + GUARD) != 0) {
            char shape[48];
            snprintf(shape, sizeof shape, "n=%zu strides=%zu,%zu", n, a_stride, b_stride);
            report("qs8-vmul", variant->name, index, shape);
        }
        free(a), free(b), free(expected), free(actual);
    }
}

static void random_geometry(ck_conv_geometry* g, size_t max_channels) {
    for (;;) {
        g->input_height = (size_t)uniform(1, 12);
        g->input_width = (size_t)uniform(1, 12);
        g->channels = (size_t)uniform(1, (int64_t)max_channels);
        g->kernel_height = (size_t)uniform(1, 5);
        g->kernel_width = (size_t)uniform(1, 5);
        g->stride_height = (size_t)uniform(1, 3);
        g->stride_width = (size_t)uniform(1, 3);
        g->dilation_height = (size_t)uniform(1, 2);
        g->dilation_width = (size_t)uniform(1, 2);
        size_t span_h = g->dilation_height * (g->kernel_height - 1) + 1;
        size_t span_w = g->dilation_width * (g->kernel_width - 1) + 1;
        size_t pad_h = (size_t)uniform(0, (int64_t)span_h - 1), pad_w = (size_t)uniform(0, (int64_t)span_w - 1);
        g->padding_top = pad_h / 2;
        g->padding_left = pad_w / 2;
        if (g->input_height + pad_h < span_h || g->input_width + pad_w < span_w) continue;
        g->output_height = (g->input_height + pad_h - span_h) / g->stride_height + 1;
        g->output_width = (g->input_width + pad_w - span_w) / g->stride_width + 1;
        return;
    }
}

static void test_dwconv(const ck_kernels* variant, unsigned cases) {
    const ck_kernels* scalar = ck_kernels_for_variant(CK_VARIANT_SCALAR);
    for (unsigned index = 0; index < cases; index++) {
        ck_conv_geometry g;
        random_geometry(&g, uniform(0, 19) == 0 ? 600 : 70);  // sometimes past the cached requantization blocks
        size_t multiplier_depth = uniform(0, 5) == 0 ? (size_t)uniform(2, 3) : 1;
        size_t out_channels = g.channels * multiplier_depth, taps = g.kernel_height * g.kernel_width;
        size_t in_size = g.input_height * g.input_width * g.channels;
        size_t out_size = g.output_height * g.output_width * out_channels;
        int8_t* input = malloc(in_size);
        int8_t* w = malloc(taps * out_channels);
        int32_t* bias = malloc(out_channels * sizeof(int32_t));
        int32_t* multiplier = malloc(out_channels * sizeof(int32_t));
        int32_t* shift = malloc(out_channels * sizeof(int32_t));
        fill_int8(input, in_size);
        fill_int8(w, taps * out_channels);
        for (size_t j = 0; j < out_channels; j++) bias[j] = (int32_t)uniform(-(1 << 18), 1 << 18);
        int32_t input_zero_point = extreme_zero_point();
        ck_qs8_requant_params p;
        fill_requant(out_channels, multiplier, shift, &p);
        void* packed = malloc(ck_qs8_dwconv_packed_size(taps, out_channels));
        ck_qs8_dwconv_pack(taps, out_channels, w, uniform(0, 3) ? bias : NULL, packed);
        int8_t* expected = malloc(out_size + GUARD);
        int8_t* actual = malloc(out_size + GUARD);
        memset(expected, GUARD_BYTE, out_size + GUARD);
        memset(actual, GUARD_BYTE, out_size + GUARD);
        scalar->dwconv(&g, multiplier_depth, input_zero_point, input, packed, expected, &p, 0, g.output_height);
        // Two calls over row ranges, as the engine may split the work.
        size_t split = g.output_height / 2;
        variant->dwconv(&g, multiplier_depth, input_zero_point, input, packed, actual, &p, 0, split);
        variant->dwconv(&g, multiplier_depth, input_zero_point, input, packed, actual, &p, split,
                        g.output_height - split);
        checks++;
        if (memcmp(expected, actual, out_size + GUARD) != 0) {
            char shape[160];
            snprintf(shape, sizeof shape, "in=%zux%zux%zu k=%zux%zu s=%zu,%zu d=%zu,%zu mult=%zu", g.input_height,
                     g.input_width, g.channels, g.kernel_height, g.kernel_width, g.stride_height, g.stride_width,
                     g.dilation_height, g.dilation_width, multiplier_depth);
            report("qs8-dwconv", variant->name, index, shape);
        }
        free(input), free(w), free(bias), free(multiplier), free(shift), free(packed), free(expected), free(actual);
    }
}

/// A convolution run as im2col + GEMM must equal a direct convolution that follows TFLite's reference loop (taps
/// outside the image skipped). This checks im2col, its rows padded to the variant's kr (as CONV_2D runs it) and the
/// zero-point folding in the packing.
static void test_conv_im2col(const ck_kernels* variant, unsigned cases) {
    for (unsigned index = 0; index < cases; index++) {
        ck_conv_geometry g;
        random_geometry(&g, 12);
        size_t out_channels = (size_t)uniform(1, 20);
        size_t k = g.kernel_height * g.kernel_width * g.channels;
        size_t pixels = g.output_height * g.output_width;
        int8_t* input = malloc(g.input_height * g.input_width * g.channels);
        int8_t* w = malloc(out_channels * k);
        int32_t bias[20], multiplier[20], shift[20];
        fill_int8(input, g.input_height * g.input_width * g.channels);
        fill_int8(w, out_channels * k);
        for (size_t j = 0; j < out_channels; j++) bias[j] = (int32_t)uniform(-(1 << 16), 1 << 16);
        int32_t izp = extreme_zero_point();
        ck_qs8_requant_params p;
        fill_requant(out_channels, multiplier, shift, &p);
        const size_t kr = variant->gemm.kr, k_padded = (k + kr - 1) / kr * kr;
        int8_t* columns = malloc(pixels * k_padded);
        memset(columns, 0x5a, pixels * k_padded);  // the padding must be written by im2col
        int8_t* via_gemm = malloc(pixels * out_channels);
        int8_t* direct = malloc(pixels * out_channels);
        void* packed = malloc(ck_qs8_gemm_packed_size(&variant->gemm, out_channels, k));
        ck_qs8_gemm_pack(&variant->gemm, out_channels, k, w, bias, izp, packed);
        ck_qs8_im2col(&g, input, (int8_t)izp, 0, pixels, k_padded, columns);
        int padding_written = 1;
        for (size_t row = 0; row < pixels; row++)
            for (size_t t = k; t < k_padded; t++) padding_written &= columns[row * k_padded + t] == 0;
        checks++;
        if (!padding_written) report("conv-im2col", variant->name, index, "row padding not zero");
        variant->gemm.run(pixels, out_channels, k_padded, columns, k_padded, packed, via_gemm, out_channels, &p);
        for (size_t oy = 0; oy < g.output_height; oy++)
            for (size_t ox = 0; ox < g.output_width; ox++)
                for (size_t o = 0; o < out_channels; o++) {
                    int64_t acc = bias[o];
                    for (size_t ky = 0; ky < g.kernel_height; ky++)
                        for (size_t kx = 0; kx < g.kernel_width; kx++)
                            for (size_t c = 0; c < g.channels; c++) {
                                long iy = (long)(oy * g.stride_height + ky * g.dilation_height) - (long)g.padding_top;
                                long ix = (long)(ox * g.stride_width + kx * g.dilation_width) - (long)g.padding_left;
                                if (iy < 0 || ix < 0 || iy >= (long)g.input_height || ix >= (long)g.input_width)
                                    continue;
                                acc += (int64_t)(input[((size_t)iy * g.input_width + (size_t)ix) * g.channels + c] -
                                                 izp) *
                                       w[o * k + (ky * g.kernel_width + kx) * g.channels + c];
                            }
                    int32_t v = (p.single_rounding ? ck_multiply_by_quantized_multiplier_single_rounding(
                                                         (int32_t)acc, multiplier[o], shift[o])
                                                   : ck_multiply_by_quantized_multiplier((int32_t)acc, multiplier[o],
                                                                                         shift[o])) +
                                p.output_zero_point;
                    v = v < p.output_min ? p.output_min : v > p.output_max ? p.output_max : v;
                    direct[(oy * g.output_width + ox) * out_channels + o] = (int8_t)v;
                }
        checks++;
        if (memcmp(direct, via_gemm, pixels * out_channels) != 0) report("conv-im2col", variant->name, index, "direct");
        free(input), free(w), free(columns), free(via_gemm), free(direct), free(packed);
    }
}

/// Anchors for the oracle itself, computed by hand from gemmlowp's definitions.
static void test_oracle_anchors(void) {
    struct { int32_t x, m, s, expected; } anchors[] = {
        {3, 1 << 30, 0, 2},              // 3 * 0.5 = 1.5 -> 2 (half away from zero)
        {-3, 1 << 30, 0, -1},            // -1.5: high-mul rounds halves up -> -1
        {5, 1 << 30, -1, 2},             // 5 * 0.5 = 2.5 -> 3 (high mul), / 2 = 1.5 -> 2
        {100, INT32_MAX, 0, 100},        // multiplier ~1.0
        {1000, 1 << 30, 1, 1000},        // left shift 1 then * 0.5
        {-7, 1 << 30, -2, -1},           // -7 * 0.5 = -3.5 -> -3 (halves up), / 4 = -0.75 -> -1
        {INT32_MIN, INT32_MIN, 0, INT32_MAX},  // the one saturating case
    };
    // Single rounding: -26426 * 1565488418 / 2^38 = -150.5017 -> -151; 3 * 2^30 / 2^31 = 1.5 -> 2; -1.5 -> -1.
    struct { int32_t x, m, s, expected; } single[] = {
        {-26426, 1565488418, -7, -151}, {3, 1 << 30, 0, 2}, {-3, 1 << 30, 0, -1}, {-294, 2145111532, -2, -73}};
    for (size_t i = 0; i < sizeof single / sizeof single[0]; i++) {
        int32_t got = ck_multiply_by_quantized_multiplier_single_rounding(single[i].x, single[i].m, single[i].s);
        checks++;
        if (got != single[i].expected) {
            failures++;
            fprintf(stderr, "FAIL single-rounding anchor %zu: got %d, expected %d\n", i, got, single[i].expected);
        }
    }
    for (size_t i = 0; i < sizeof anchors / sizeof anchors[0]; i++) {
        int32_t got = ck_multiply_by_quantized_multiplier(anchors[i].x, anchors[i].m, anchors[i].s);
        checks++;
        if (got != anchors[i].expected) {
            failures++;
            fprintf(stderr, "FAIL oracle anchor %zu: MBQM(%d, %d, %d) = %d, expected %d\n", i, anchors[i].x,
                    anchors[i].m, anchors[i].s, got, anchors[i].expected);
        }
    }
}

int main(int argc, char** argv) {
    seed = argc > 1 ? strtoull(argv[1], NULL, 10) : (uint64_t)time(NULL);
    unsigned cases = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 300;
    rng_state = seed;
    printf("kernel_test: seed %llu, %u cases per family and variant, CPU features 0x%x\n",
           (unsigned long long)seed, cases, ck_cpu_features());
    test_oracle_anchors();
    for (int v = 0; v < CK_VARIANT_COUNT; v++) {
        const ck_kernels* variant = ck_kernels_for_variant((ck_variant)v);
        if (!variant) continue;
        printf("kernel_test: variant %s\n", variant->name);
        test_requant(variant, cases);
        test_gemm(variant, cases);
        test_dwconv(variant, cases);
        test_conv_im2col(variant, cases / 3 + 1);
        test_vadd(variant, cases);
        test_vmul(variant, cases);
    }
    printf("kernel_test: %u checks, %u failures (seed %llu)\n", checks, failures, (unsigned long long)seed);
    return failures ? 1 : 0;
}
