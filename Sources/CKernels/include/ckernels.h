#ifndef CLOSETD_CKERNELS_H
#define CLOSETD_CKERNELS_H
// closetd's SIMD kernels. Naming: <datatype>-<op>/<datatype>_<op>_<tile>_<isa>.c, e.g. qs8-gemm/qs8_gemm_4x8c4_neondot.c.
// Every family has a scalar variant, always built, which is the oracle the other variants are tested against.
// See Sources/CKernels/README.md for the scheme, the packed layouts and the variants.
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// CPU features the kernels can use, as bit flags.
enum ck_cpu_feature {
    CK_CPU_NEON = 1u << 0,
    CK_CPU_NEONDOT = 1u << 1,
    CK_CPU_AVX2 = 1u << 2,
    CK_CPU_AVX512VNNI = 1u << 3,
};

/// The features of the CPU this process runs on, detected once.
uint32_t ck_cpu_features(void);

// ---------------------------------------------------------------------------------------------------------------------
// Requantization (TFLite's reference, gemmlowp double rounding).

/// TFLite's MultiplyByQuantizedMultiplier: SaturatingRoundingDoublingHighMul then RoundingDivideByPOT.
/// `shift` > 0 shifts left before the multiplication, `shift` < 0 divides by 2^-shift after it (-31 ... 30).
int32_t ck_multiply_by_quantized_multiplier(int32_t value, int32_t multiplier, int32_t shift);

/// TFLite's 64-bit single-rounding form, used by its FULLY_CONNECTED: (value * multiplier + 2^(30 - shift))
/// >> (31 - shift), computed in 64 bits, truncated to int32. `multiplier` >= 0.
int32_t ck_multiply_by_quantized_multiplier_single_rounding(int32_t value, int32_t multiplier, int32_t shift);

/// Per-output-channel requantization of int32 accumulators to int8.
/// Channel c maps `acc` to clamp(MultiplyByQuantizedMultiplier(acc, multiplier[c], shift[c]) + output_zero_point,
/// output_min, output_max), with gemmlowp's double rounding, or TFLite's 64-bit single rounding when
/// `single_rounding` is non-zero. Multipliers are >= 0 (QuantizeMultiplier's range).
typedef struct ck_qs8_requant_params {
    const int32_t* multiplier;
    const int32_t* shift;
    int32_t output_zero_point;
    int32_t output_min;
    int32_t output_max;
    int32_t single_rounding;
} ck_qs8_requant_params;

/// Requantizes an m x n int32 matrix (row stride `acc_stride` elements) to int8 (row stride `out_stride` bytes);
/// column j uses channel j of `params`.
typedef void (*ck_qs8_requant_fn)(size_t m, size_t n, const int32_t* acc, size_t acc_stride, int8_t* out,
                                  size_t out_stride, const ck_qs8_requant_params* params);

// ---------------------------------------------------------------------------------------------------------------------
// qs8-gemm: C[m][n] = requant(sum_k (A[m][k] - a_zero_point) * W[n][k] + bias[n]), int8 A, W, C; int32 bias.
// W is pre-packed (ck_qs8_gemm_pack) for one variant's tile; a_zero_point is folded into the packed bias.

/// Runs the GEMM over all m rows and n columns. `a_stride` and `c_stride` are in bytes; rows of A are read for
/// exactly k bytes (no over-read), rows of C are written for exactly n bytes.
typedef void (*ck_qs8_gemm_fn)(size_t m, size_t n, size_t k, const int8_t* a, size_t a_stride, const void* packed_w,
                               int8_t* c, size_t c_stride, const ck_qs8_requant_params* params);

/// A GEMM variant and the tile its packed weights are laid out for.
typedef struct ck_qs8_gemm_config {
    ck_qs8_gemm_fn run;
    uint32_t mr;  ///< rows of A per micro-tile
    uint32_t nr;  ///< output channels per packed panel
    uint32_t kr;  ///< consecutive k per channel in a panel (k is zero-padded to a multiple of kr)
    int32_t a_offset;  ///< added to every A value by the kernel (VNNI's unsigned trick); folded into the bias
} ck_qs8_gemm_config;

/// Bytes of packed weights for `config`'s tile: per panel of nr channels, nr int32 biases then
/// ceil(k/kr) blocks of nr x kr int8 weights.
size_t ck_qs8_gemm_packed_size(const ck_qs8_gemm_config* config, size_t n, size_t k);

/// Packs weights W[n][k] (row stride k) and an optional bias (NULL = zeros) for `config`, folding
/// -a_zero_point * sum_k W[n][k] (and the variant's a_offset) into the bias. Padding is zero.
void ck_qs8_gemm_pack(const ck_qs8_gemm_config* config, size_t n, size_t k, const int8_t* weights,
                      const int32_t* bias, int32_t a_zero_point, void* packed);

/// Gathers rows [first_pixel, first_pixel + pixel_count) of the im2col matrix of an NHWC image into `out`
/// (pixel_count rows of kh*kw*channels bytes, ordered ky, kx, c like TFLite's [O,KH,KW,I] filters, `row_stride`
/// bytes apart; the bytes between a row's end and the next row are zero, so a row padded to the GEMM's kr needs no
/// tail handling). Taps outside the image read the input zero point, so that they contribute nothing once
/// a_zero_point is subtracted.
typedef struct ck_conv_geometry {
    size_t input_height, input_width, channels;
    size_t output_height, output_width;
    size_t kernel_height, kernel_width;
    size_t stride_height, stride_width;
    size_t dilation_height, dilation_width;
    size_t padding_top, padding_left;
} ck_conv_geometry;

void ck_qs8_im2col(const ck_conv_geometry* geometry, const int8_t* input, int8_t input_zero_point,
                   size_t first_pixel, size_t pixel_count, size_t row_stride, int8_t* out);

// ---------------------------------------------------------------------------------------------------------------------
// qs8-dwconv: depthwise convolution, NHWC, one image. Output channel o = c * depth_multiplier + m reads input channel c.
// out = requant(bias[o] + sum over taps inside the image of (in - input_zero_point) * w[tap][o]).

/// Packed depthwise weights: int32 bias[output_channels] then int8 w[kernel_height*kernel_width][output_channels]
/// (TFLite's [1,KH,KW,C*M] order). Size in bytes.
size_t ck_qs8_dwconv_packed_size(size_t kernel_size, size_t output_channels);

/// Packs TFLite depthwise weights [KH*KW][output_channels] and an optional bias (NULL = zeros).
void ck_qs8_dwconv_pack(size_t kernel_size, size_t output_channels, const int8_t* weights, const int32_t* bias,
                        void* packed);

/// Computes output rows [first_row, first_row + row_count). `geometry->channels` is the input channel count.
typedef void (*ck_qs8_dwconv_fn)(const ck_conv_geometry* geometry, size_t depth_multiplier, int32_t input_zero_point,
                                 const int8_t* input, const void* packed_w, int8_t* output,
                                 const ck_qs8_requant_params* params, size_t first_row, size_t row_count);

// ---------------------------------------------------------------------------------------------------------------------
// qs8-vadd: element-wise ADD / SUB of two int8 vectors of the same length, TFLite's reference arithmetic:
// x = MBQM((a + a_offset) << 20, a_multiplier, a_shift), y likewise for b, out = clamp(MBQM(x +/- y, out_multiplier,
// out_shift) + out_zero_point, out_min, out_max), gemmlowp double rounding throughout.
typedef struct ck_qs8_vadd_params {
    int32_t a_offset, b_offset;
    int32_t a_multiplier, a_shift, b_multiplier, b_shift, out_multiplier, out_shift;
    int32_t out_zero_point, out_min, out_max;
    int32_t subtract;  ///< non-zero: x - y
} ck_qs8_vadd_params;

typedef void (*ck_qs8_vadd_fn)(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const ck_qs8_vadd_params* p);

// ---------------------------------------------------------------------------------------------------------------------
// qs8-vmul: element-wise MUL, TFLite's reference arithmetic: out[i] = clamp(MBQM((a + a_offset) * (b + b_offset),
// out_multiplier, out_shift) + out_zero_point, out_min, out_max), gemmlowp double rounding. Factor i is
// a[i * a_stride] and b[i * b_stride]: a stride of 0 repeats one value (a broadcast operand). SIMD variants run
// strides 0 and 1 themselves and hand any other to the scalar oracle.
typedef struct ck_qs8_vmul_params {
    int32_t a_offset, b_offset;
    int32_t out_multiplier, out_shift;
    int32_t out_zero_point, out_min, out_max;
} ck_qs8_vmul_params;

typedef void (*ck_qs8_vmul_fn)(size_t n, const int8_t* a, size_t a_stride, const int8_t* b, size_t b_stride,
                               int8_t* out, const ck_qs8_vmul_params* p);

// ---------------------------------------------------------------------------------------------------------------------
// Dispatch (dispatch.c): one table of kernels per variant.

/// The kernel variants, in no particular order of preference.
typedef enum ck_variant {
    CK_VARIANT_SCALAR = 0,
    CK_VARIANT_NEON = 1,
    CK_VARIANT_NEONDOT = 2,
    CK_VARIANT_AVX2 = 3,
    CK_VARIANT_AVX512VNNI = 4,
    CK_VARIANT_COUNT = 5,
} ck_variant;

/// The kernels of one variant.
typedef struct ck_kernels {
    const char* name;  ///< "scalar", "neon", "neondot", "avx2", "avx512vnni"
    ck_variant variant;
    ck_qs8_gemm_config gemm;
    ck_qs8_dwconv_fn dwconv;
    ck_qs8_requant_fn requant;
    ck_qs8_vadd_fn vadd;
    ck_qs8_vmul_fn vmul;
} ck_kernels;

/// The kernels of `variant`, or NULL when this build or this CPU cannot run it.
const ck_kernels* ck_kernels_for_variant(ck_variant variant);

/// The best variant this CPU can run.
const ck_kernels* ck_kernels_best(void);

/// Parses a variant name ("scalar", "neon", "neondot", "avx2", "avx512vnni"); -1 if unknown. "auto" is not a variant.
int ck_variant_from_name(const char* name);

/// Name of the environment variable that forces a variant (`auto` or a variant name).
#define CK_KERNELS_ENVIRONMENT_VARIABLE "CLOSETD_KERNELS"

/// 8-bit activations computed through a 256-entry table (s8-lut): LOGISTIC and TANH as TFLite's reference does.
typedef enum { CK_S8_LUT_LOGISTIC = 0, CK_S8_LUT_TANH = 1 } ck_s8_lut_function;

/// Fills `table` (indexed by the input byte) for `function` with float libm arithmetic: dequantize, apply, multiply
/// by 1 / output_scale, round half away from zero, add the output zero point, clamp to int8; NaN or infinity -> -128.
void ck_s8_lut_build(ck_s8_lut_function function, float input_scale, int32_t input_zero_point, float output_scale,
                     int32_t output_zero_point, int8_t table[256]);

/// output[i] = table[(uint8_t)input[i]].
void ck_s8_lut_apply(const int8_t table[256], const int8_t *input, int8_t *output, size_t count);

#ifdef __cplusplus
}
#endif
#endif
