#ifndef CLOSETD_CK_IMAGE_H
#define CLOSETD_CK_IMAGE_H
// Image micro-kernels for the camera: colour conversion, resizing into a model input, luma downscale for the motion
// gate. Naming as in ckernels.h: <datatype>-<op>/<datatype>_<op>_<isa>.c. Every family has a scalar variant, the
// oracle; the AVX2 and NEON variants are bit-exact with it. Arithmetic is fully specified below.
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// YUYV (4:2:2, Y0 U Y1 V) to packed RGB, BT.601 limited range, integer:
///   C = Y - 16, D = U - 128, E = V - 128
///   R = clamp((298 C + 409 E + 128) >> 8), G = clamp((298 C - 100 D - 208 E + 128) >> 8),
///   B = clamp((298 C + 516 D + 128) >> 8), clamp to 0...255, >> an arithmetic shift.
/// `pixels` is even; reads 2 * pixels bytes, writes 3 * pixels.
typedef void (*ck_u8_yuyv_rgb_fn)(const uint8_t *yuyv, uint8_t *rgb, size_t pixels);

/// One output row of a bilinear resize of packed RGB, with 7-bit weights (0...128):
///   for output pixel i and channel c, with p = row0, q = row1, a = x0_offsets[i] + c, b = x1_offsets[i] + c,
///   w = x_weights[i], v = y_weight:
///   h0 = p[a] (128 - w) + p[b] w,  h1 = q[a] (128 - w) + q[b] w,
///   out[3 i + c] = ((h0 (128 - v) + h1 v + 8192) >> 14) XOR xor_mask.
/// xor_mask 0x80 turns the uint8 result into int8 = uint8 - 128. Offsets are byte offsets of pixels in the rows
/// (non-decreasing); `row_bytes` is how many bytes may be read from row0 and row1 (variants that load 4 bytes per
/// pixel stay within it).
typedef void (*ck_u8_resize_bilinear_rgb_fn)(const uint8_t *row0, const uint8_t *row1, size_t row_bytes,
                                              const int32_t *x0_offsets, const int32_t *x1_offsets,
                                              const int32_t *x_weights, int32_t y_weight, size_t out_pixels,
                                              uint8_t xor_mask, uint8_t *out);

/// One output row of a box downscale of a luma plane by `factor` (1...16) in both directions:
///   s = sum of the factor x factor samples src[r * row_stride + (factor i + k) * pixel_stride],
///   out[i] = (s R + 32768) >> 16 with R = (65536 + factor^2 / 2) / factor^2 (integer division).
/// pixel_stride is 1 for a grey plane, 2 for the Y samples of YUYV. `column_sums` is scratch of factor * out_width.
typedef void (*ck_u8_luma_downscale_fn)(const uint8_t *src, size_t row_stride, size_t pixel_stride, size_t factor,
                                         size_t out_width, uint16_t *column_sums, uint8_t *out);

void ck_u8_yuyv_rgb_scalar(const uint8_t *yuyv, uint8_t *rgb, size_t pixels);
void ck_u8_resize_bilinear_rgb_scalar(const uint8_t *row0, const uint8_t *row1, size_t row_bytes,
                                      const int32_t *x0_offsets, const int32_t *x1_offsets, const int32_t *x_weights,
                                      int32_t y_weight, size_t out_pixels, uint8_t xor_mask, uint8_t *out);
void ck_u8_luma_downscale_scalar(const uint8_t *src, size_t row_stride, size_t pixel_stride, size_t factor,
                                 size_t out_width, uint16_t *column_sums, uint8_t *out);
#if defined(__x86_64__)
void ck_u8_yuyv_rgb_avx2(const uint8_t *yuyv, uint8_t *rgb, size_t pixels);
void ck_u8_resize_bilinear_rgb_avx2(const uint8_t *row0, const uint8_t *row1, size_t row_bytes,
                                    const int32_t *x0_offsets, const int32_t *x1_offsets, const int32_t *x_weights,
                                    int32_t y_weight, size_t out_pixels, uint8_t xor_mask, uint8_t *out);
void ck_u8_luma_downscale_avx2(const uint8_t *src, size_t row_stride, size_t pixel_stride, size_t factor,
                               size_t out_width, uint16_t *column_sums, uint8_t *out);
#endif
#if defined(__aarch64__)
void ck_u8_yuyv_rgb_neon(const uint8_t *yuyv, uint8_t *rgb, size_t pixels);
void ck_u8_resize_bilinear_rgb_neon(const uint8_t *row0, const uint8_t *row1, size_t row_bytes,
                                    const int32_t *x0_offsets, const int32_t *x1_offsets, const int32_t *x_weights,
                                    int32_t y_weight, size_t out_pixels, uint8_t xor_mask, uint8_t *out);
void ck_u8_luma_downscale_neon(const uint8_t *src, size_t row_stride, size_t pixel_stride, size_t factor,
                               size_t out_width, uint16_t *column_sums, uint8_t *out);
#endif

/// Which variant the image kernels use.
enum ck_image_isa {
    CK_IMAGE_SCALAR = 0,
    CK_IMAGE_AVX2 = 1,
    CK_IMAGE_NEON = 2,
};

/// The kernels chosen for this CPU.
struct ck_image_kernels {
    enum ck_image_isa isa;
    ck_u8_yuyv_rgb_fn yuyv_rgb;
    ck_u8_resize_bilinear_rgb_fn resize_bilinear_rgb;
    ck_u8_luma_downscale_fn luma_downscale;
};

/// The kernels in use: the best this CPU runs, unless CLOSETD_KERNELS=scalar|neon|avx2 (read once) or
/// ck_image_force_isa says otherwise.
const struct ck_image_kernels *ck_image_kernels(void);

/// True when this CPU (and build) can run the variant.
int ck_image_isa_available(enum ck_image_isa isa);

/// Forces a variant (tests, benchmarks). Returns 0, or -1 when the CPU cannot run it (nothing changes then).
int ck_image_force_isa(enum ck_image_isa isa);

/// The kernels of one variant, whether or not in use; NULL when unavailable.
const struct ck_image_kernels *ck_image_kernels_for(enum ck_image_isa isa);

#ifdef __cplusplus
}
#endif
#endif
