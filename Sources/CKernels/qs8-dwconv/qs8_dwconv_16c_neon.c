// NEON depthwise convolution, 16 channels per step (then 8, then single channels), depth multiplier 1.
// ssubl widens (input - zero_point) to int16, smlal/smlal2 multiply-accumulate into int32. The dot-product
// instruction does not help a depthwise window (one product per channel per tap), so neondot uses this kernel too.
#if defined(__aarch64__)
#include <string.h>
#include "ckernels.h"
#include "../internal/dwconv_taps.h"
#include "../internal/requant_neon.h"
#include "../internal/requant_scalar.h"
#include "../internal/variants.h"

static inline void accumulate8(int32x4_t* acc_lo, int32x4_t* acc_hi, int8x8_t x, int8x8_t izp, int8x8_t w8) {
    int16x8_t d = vsubl_s8(x, izp);
    int16x8_t w = vmovl_s8(w8);
    *acc_lo = vmlal_s16(*acc_lo, vget_low_s16(d), vget_low_s16(w));
    *acc_hi = vmlal_high_s16(*acc_hi, d, w);
}

static inline void store8(int8_t* out, int32x4_t acc_lo, int32x4_t acc_hi, const ck_qs8_requant_params* p, size_t c,
                          int32x4_t zp, int32x4_t lo, int32x4_t hi) {
    ck_neon_requant4 r0 = ck_neon_requant4_load(p->multiplier + c, p->shift + c, p->single_rounding);
    ck_neon_requant4 r1 = ck_neon_requant4_load(p->multiplier + c + 4, p->shift + c + 4, p->single_rounding);
    vst1_s8(out + c, ck_neon_narrow8(ck_neon_requant4_clamp(acc_lo, &r0, zp, lo, hi),
                                     ck_neon_requant4_clamp(acc_hi, &r1, zp, lo, hi)));
}

void ck_qs8_dwconv_16c_neon(CK_DWCONV_ARGS) {
    const ck_conv_geometry* g = geometry;
    if (depth_multiplier != 1 || g->kernel_height * g->kernel_width > CK_DWCONV_SIMD_MAX_TAPS) {
        ck_qs8_dwconv_scalar(geometry, depth_multiplier, input_zero_point, input, packed_w, output, params,
                             first_row, row_count);
        return;
    }
    const size_t channels = g->channels;
    const int32_t* bias = (const int32_t*)packed_w;
    const int8_t* weights = (const int8_t*)packed_w + channels * sizeof(int32_t);
    const int8x8_t izp = vdup_n_s8((int8_t)input_zero_point);
    const int32x4_t zp = vdupq_n_s32(params->output_zero_point);
    const int32x4_t lo = vdupq_n_s32(params->output_min);
    const int32x4_t hi = vdupq_n_s32(params->output_max);
    size_t offsets[CK_DWCONV_SIMD_MAX_TAPS], taps[CK_DWCONV_SIMD_MAX_TAPS];

    for (size_t oy = first_row; oy < first_row + row_count; oy++) {
        for (size_t ox = 0; ox < g->output_width; ox++) {
            const size_t count = ck_dwconv_inside_taps(g, oy, ox, offsets, taps);
            int8_t* out = output + (oy * g->output_width + ox) * channels;
            size_t c = 0;
            for (; c + 16 <= channels; c += 16) {
                int32x4_t a0 = vld1q_s32(bias + c), a1 = vld1q_s32(bias + c + 4);
                int32x4_t a2 = vld1q_s32(bias + c + 8), a3 = vld1q_s32(bias + c + 12);
                for (size_t t = 0; t < count; t++) {
                    const int8x16_t x = vld1q_s8(input + offsets[t] * channels + c);
                    const int8x16_t w = vld1q_s8(weights + taps[t] * channels + c);
                    accumulate8(&a0, &a1, vget_low_s8(x), izp, vget_low_s8(w));
                    accumulate8(&a2, &a3, vget_high_s8(x), izp, vget_high_s8(w));
                }
                store8(out, a0, a1, params, c, zp, lo, hi);
                store8(out, a2, a3, params, c + 8, zp, lo, hi);
            }
            for (; c + 8 <= channels; c += 8) {
                int32x4_t a0 = vld1q_s32(bias + c), a1 = vld1q_s32(bias + c + 4);
                for (size_t t = 0; t < count; t++) {
                    accumulate8(&a0, &a1, vld1_s8(input + offsets[t] * channels + c), izp,
                                vld1_s8(weights + taps[t] * channels + c));
                }
                store8(out, a0, a1, params, c, zp, lo, hi);
            }
            for (; c < channels; c++) {
                out[c] = ck_dwconv_channel_scalar(input, packed_w, channels, c, offsets, taps, count, input_zero_point,
                                                  params);
            }
        }
    }
}
#endif
