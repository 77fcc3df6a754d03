// Scalar requantization, written to follow TFLite's reference arithmetic step by step: this is the oracle.
#ifndef CK_INTERNAL_REQUANT_SCALAR_H
#define CK_INTERNAL_REQUANT_SCALAR_H
#include <stdint.h>

/// gemmlowp SaturatingRoundingDoublingHighMul: round(a*b / 2^31), halves away from zero, saturating the one overflow.
static inline int32_t ck_saturating_rounding_doubling_high_mul(int32_t a, int32_t b) {
    if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
    int64_t product = (int64_t)a * (int64_t)b;
    int64_t nudge = product >= 0 ? (INT64_C(1) << 30) : (1 - (INT64_C(1) << 30));
    return (int32_t)((product + nudge) / (INT64_C(1) << 31));  // C division truncates toward zero, as gemmlowp's does
}

/// gemmlowp RoundingDivideByPOT: x / 2^exponent rounded to nearest, halves away from zero. exponent in 0...31.
static inline int32_t ck_rounding_divide_by_pot(int32_t x, int exponent) {
    int32_t mask = (int32_t)((INT64_C(1) << exponent) - 1);
    int32_t remainder = x & mask;
    int32_t threshold = (mask >> 1) + (x < 0 ? 1 : 0);
    return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

static inline int32_t ck_mbqm_scalar(int32_t x, int32_t multiplier, int32_t shift) {
    int left = shift > 0 ? shift : 0;
    int right = shift > 0 ? 0 : -shift;
    // The reference multiplies by (1 << left); do it in unsigned arithmetic so overflow wraps instead of being UB.
    int32_t shifted = (int32_t)((uint32_t)x << left);
    return ck_rounding_divide_by_pot(ck_saturating_rounding_doubling_high_mul(shifted, multiplier), right);
}

/// TFLite's 64-bit single-rounding MultiplyByQuantizedMultiplier: one rounding (halves up) of x * m / 2^(31 - shift).
static inline int32_t ck_mbqm_single_scalar(int32_t x, int32_t multiplier, int32_t shift) {
    const int total_shift = 31 - shift;
    const int64_t round = INT64_C(1) << (total_shift - 1);
    return (int32_t)(((int64_t)x * (int64_t)multiplier + round) >> total_shift);
}

/// Requantizes one accumulator of channel c: scale, add the output zero point (wrapping like int32 hardware), clamp.
static inline int8_t ck_requant_one_scalar(int32_t acc, int32_t multiplier, int32_t shift, int32_t zero_point,
                                           int32_t min, int32_t max, int32_t single_rounding) {
    int32_t scaled = single_rounding ? ck_mbqm_single_scalar(acc, multiplier, shift)
                                     : ck_mbqm_scalar(acc, multiplier, shift);
    int32_t v = (int32_t)((uint32_t)scaled + (uint32_t)zero_point);
    if (v < min) v = min;
    if (v > max) v = max;
    return (int8_t)v;
}
#endif
