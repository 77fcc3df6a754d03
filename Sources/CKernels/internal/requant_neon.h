// NEON requantization of 4 int32 lanes, bit-exact with requant_scalar.h.
#ifndef CK_INTERNAL_REQUANT_NEON_H
#define CK_INTERNAL_REQUANT_NEON_H
#if defined(__aarch64__)
#include <arm_neon.h>
#include <stdint.h>

typedef struct ck_neon_requant4 {
    int32x4_t multiplier, left_shift, negative_right_shift;
    int64x2_t negative_total_shift_low, negative_total_shift_high;
    int single_rounding;
} ck_neon_requant4;

static inline ck_neon_requant4 ck_neon_requant4_load(const int32_t* multiplier, const int32_t* shift,
                                                     int32_t single_rounding) {
    ck_neon_requant4 r;
    int32x4_t s = vld1q_s32(shift);
    int32x4_t zero = vdupq_n_s32(0);
    r.multiplier = vld1q_s32(multiplier);
    r.left_shift = vmaxq_s32(s, zero);
    r.negative_right_shift = vminq_s32(s, zero);
    r.single_rounding = single_rounding;
    int32x4_t negative_total = vsubq_s32(s, vdupq_n_s32(31));  // -(31 - shift)
    r.negative_total_shift_low = vmovl_s32(vget_low_s32(negative_total));
    r.negative_total_shift_high = vmovl_high_s32(negative_total);
    return r;
}

/// MultiplyByQuantizedMultiplier on 4 lanes. sqrdmulh is SaturatingRoundingDoublingHighMul exactly; srshl rounds
/// halves up, so negative values are first moved down by one to round halves away from zero (gemmlowp's fix-up).
static inline int32x4_t ck_neon_mbqm4(int32x4_t acc, const ck_neon_requant4* r) {
    int32x4_t x = vqrdmulhq_s32(vshlq_s32(acc, r->left_shift), r->multiplier);
    int32x4_t fixup = vshrq_n_s32(vandq_s32(x, r->negative_right_shift), 31);
    return vrshlq_s32(vqaddq_s32(x, fixup), r->negative_right_shift);
}

/// TFLite's 64-bit single-rounding form on 4 lanes: srshl rounds x * m / 2^(31 - shift) once, halves up.
static inline int32x4_t ck_neon_mbqm4_single(int32x4_t acc, const ck_neon_requant4* r) {
    int64x2_t low = vrshlq_s64(vmull_s32(vget_low_s32(acc), vget_low_s32(r->multiplier)), r->negative_total_shift_low);
    int64x2_t high = vrshlq_s64(vmull_high_s32(acc, r->multiplier), r->negative_total_shift_high);
    return vcombine_s32(vmovn_s64(low), vmovn_s64(high));
}

static inline int32x4_t ck_neon_requant4_clamp(int32x4_t acc, const ck_neon_requant4* r, int32x4_t zero_point,
                                               int32x4_t min, int32x4_t max) {
    int32x4_t scaled = r->single_rounding ? ck_neon_mbqm4_single(acc, r) : ck_neon_mbqm4(acc, r);
    int32x4_t v = vaddq_s32(scaled, zero_point);
    return vminq_s32(vmaxq_s32(v, min), max);
}

/// Narrows 8 clamped lanes (within int8) to 8 bytes.
static inline int8x8_t ck_neon_narrow8(int32x4_t lo, int32x4_t hi) {
    return vmovn_s16(vcombine_s16(vmovn_s32(lo), vmovn_s32(hi)));
}
#endif
#endif
