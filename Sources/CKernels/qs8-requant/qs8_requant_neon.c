// NEON requantization, 8 channels at a time.
#if defined(__aarch64__)
#include "ckernels.h"
#include "../internal/requant_neon.h"
#include "../internal/requant_scalar.h"

void ck_qs8_requant_neon(size_t m, size_t n, const int32_t* acc, size_t acc_stride, int8_t* out, size_t out_stride,
                         const ck_qs8_requant_params* p) {
    int32x4_t zp = vdupq_n_s32(p->output_zero_point);
    int32x4_t lo = vdupq_n_s32(p->output_min);
    int32x4_t hi = vdupq_n_s32(p->output_max);
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
        ck_neon_requant4 r0 = ck_neon_requant4_load(p->multiplier + j, p->shift + j, p->single_rounding);
        ck_neon_requant4 r1 = ck_neon_requant4_load(p->multiplier + j + 4, p->shift + j + 4, p->single_rounding);
        for (size_t i = 0; i < m; i++) {
            const int32_t* a = acc + i * acc_stride + j;
            int32x4_t v0 = ck_neon_requant4_clamp(vld1q_s32(a), &r0, zp, lo, hi);
            int32x4_t v1 = ck_neon_requant4_clamp(vld1q_s32(a + 4), &r1, zp, lo, hi);
            vst1_s8(out + i * out_stride + j, ck_neon_narrow8(v0, v1));
        }
    }
    for (; j < n; j++) {
        for (size_t i = 0; i < m; i++) {
            out[i * out_stride + j] = ck_requant_one_scalar(acc[i * acc_stride + j], p->multiplier[j], p->shift[j],
                                                            p->output_zero_point, p->output_min, p->output_max,
                                                            p->single_rounding);
        }
    }
}
#endif
