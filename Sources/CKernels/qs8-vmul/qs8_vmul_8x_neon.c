// NEON element-wise MUL, 8 elements per step, either factor repeated (stride 0) or not (stride 1); bit-exact with
// the scalar oracle, to which any other stride is handed (neondot uses it too).
#if defined(__aarch64__)
#include "ckernels.h"
#include "../internal/requant_neon.h"
#include "../internal/variants.h"

/// 8 factors from `x` as int16: the next 8 bytes, or the one byte repeated; with the offset added ([-255, 255]).
static inline int16x8_t factors8(const int8_t* x, size_t stride, int16x8_t offset) {
    return vaddq_s16(stride == 0 ? vdupq_n_s16(*x) : vmovl_s8(vld1_s8(x)), offset);
}

void ck_qs8_vmul_8x_neon(size_t n, const int8_t* a, size_t a_stride, const int8_t* b, size_t b_stride, int8_t* out,
                         const ck_qs8_vmul_params* p) {
    if (a_stride > 1 || b_stride > 1) {
        ck_qs8_vmul_scalar(n, a, a_stride, b, b_stride, out, p);
        return;
    }
    int32_t m[4], s[4];
    for (int j = 0; j < 4; j++) m[j] = p->out_multiplier, s[j] = p->out_shift;
    const ck_neon_requant4 r = ck_neon_requant4_load(m, s, 0);
    const int16x8_t a_offset = vdupq_n_s16((int16_t)p->a_offset), b_offset = vdupq_n_s16((int16_t)p->b_offset);
    const int32x4_t zp = vdupq_n_s32(p->out_zero_point);
    const int32x4_t lo = vdupq_n_s32(p->out_min), hi = vdupq_n_s32(p->out_max);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        const int16x8_t x = factors8(a + i * a_stride, a_stride, a_offset);
        const int16x8_t y = factors8(b + i * b_stride, b_stride, b_offset);
        const int32x4_t low = ck_neon_requant4_clamp(vmull_s16(vget_low_s16(x), vget_low_s16(y)), &r, zp, lo, hi);
        const int32x4_t high = ck_neon_requant4_clamp(vmull_high_s16(x, y), &r, zp, lo, hi);
        vst1_s8(out + i, ck_neon_narrow8(low, high));
    }
    if (i < n) ck_qs8_vmul_scalar(n - i, a + i * a_stride, a_stride, b + i * b_stride, b_stride, out + i, p);
}
#endif
