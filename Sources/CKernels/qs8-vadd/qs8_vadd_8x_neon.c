// NEON element-wise ADD / SUB, 8 elements per step, bit-exact with the scalar oracle (neondot uses it too).
#if defined(__aarch64__)
#include "ckernels.h"
#include "../internal/requant_neon.h"
#include "../internal/variants.h"

void ck_qs8_vadd_8x_neon(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const ck_qs8_vadd_params* p) {
    int32_t m[3][4], s[3][4];
    for (int j = 0; j < 4; j++) {
        m[0][j] = p->a_multiplier, s[0][j] = p->a_shift;
        m[1][j] = p->b_multiplier, s[1][j] = p->b_shift;
        m[2][j] = p->out_multiplier, s[2][j] = p->out_shift;
    }
    const ck_neon_requant4 ra = ck_neon_requant4_load(m[0], s[0], 0);
    const ck_neon_requant4 rb = ck_neon_requant4_load(m[1], s[1], 0);
    const ck_neon_requant4 ro = ck_neon_requant4_load(m[2], s[2], 0);
    const int32x4_t a_offset = vdupq_n_s32(p->a_offset), b_offset = vdupq_n_s32(p->b_offset);
    const int32x4_t zp = vdupq_n_s32(p->out_zero_point);
    const int32x4_t lo = vdupq_n_s32(p->out_min), hi = vdupq_n_s32(p->out_max);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const int16x8_t a16 = vmovl_s8(vld1_s8(a + i)), b16 = vmovl_s8(vld1_s8(b + i));
        int32x4_t result[2];
        for (int half = 0; half < 2; half++) {
            int32x4_t x = half ? vmovl_high_s16(a16) : vmovl_s16(vget_low_s16(a16));
            int32x4_t y = half ? vmovl_high_s16(b16) : vmovl_s16(vget_low_s16(b16));
            x = ck_neon_mbqm4(vshlq_n_s32(vaddq_s32(x, a_offset), 20), &ra);
            y = ck_neon_mbqm4(vshlq_n_s32(vaddq_s32(y, b_offset), 20), &rb);
            int32x4_t sum = p->subtract ? vsubq_s32(x, y) : vaddq_s32(x, y);
            result[half] = ck_neon_requant4_clamp(sum, &ro, zp, lo, hi);
        }
        vst1_s8(out + i, ck_neon_narrow8(result[0], result[1]));
    }
    if (i < n) ck_qs8_vadd_scalar(n - i, a + i, b + i, out + i, p);
}
#endif
