// AVX2 requantization of 8 int32 lanes, bit-exact with requant_scalar.h (multiplier != INT32_MIN).
#ifndef CK_INTERNAL_REQUANT_AVX2_H
#define CK_INTERNAL_REQUANT_AVX2_H
#if defined(__x86_64__)
#include <immintrin.h>
#include <stdint.h>

/// Per-lane constants for 8 channels, computed once per panel.
typedef struct ck_avx2_requant8 {
    __m256i multiplier, left_shift, right_shift, remainder_mask, threshold_base;
    __m256i total_shift_even, total_shift_odd, round_even, round_odd, unbias_even, unbias_odd;
    int single_rounding;
} ck_avx2_requant8;

__attribute__((target("avx2"))) static inline ck_avx2_requant8 ck_avx2_requant8_load(const int32_t* multiplier,
                                                                                    const int32_t* shift,
                                                                                    int32_t single_rounding) {
    ck_avx2_requant8 r;
    __m256i s = _mm256_loadu_si256((const __m256i*)shift);
    __m256i zero = _mm256_setzero_si256();
    r.multiplier = _mm256_loadu_si256((const __m256i*)multiplier);
    r.left_shift = _mm256_max_epi32(s, zero);
    r.right_shift = _mm256_max_epi32(_mm256_sub_epi32(zero, s), zero);
    r.remainder_mask = _mm256_sub_epi32(_mm256_sllv_epi32(_mm256_set1_epi32(1), r.right_shift), _mm256_set1_epi32(1));
    r.threshold_base = _mm256_srai_epi32(r.remainder_mask, 1);
    r.single_rounding = single_rounding;
    if (single_rounding) {
        // Per 64-bit lane: total shift t = 31 - shift (1...62), rounding 2^(t-1), and 2^62 >> t to undo the bias
        // that makes the sum non-negative so that a logical shift floors like an arithmetic one.
        __m256i total = _mm256_sub_epi32(_mm256_set1_epi32(31), s);
        r.total_shift_even = _mm256_and_si256(total, _mm256_set1_epi64x(0xffffffff));
        r.total_shift_odd = _mm256_srli_epi64(total, 32);
        __m256i one = _mm256_set1_epi64x(1), bias = _mm256_set1_epi64x(INT64_C(1) << 62);
        r.round_even = _mm256_sllv_epi64(one, _mm256_sub_epi64(r.total_shift_even, one));
        r.round_odd = _mm256_sllv_epi64(one, _mm256_sub_epi64(r.total_shift_odd, one));
        r.unbias_even = _mm256_srlv_epi64(bias, r.total_shift_even);
        r.unbias_odd = _mm256_srlv_epi64(bias, r.total_shift_odd);
    }
    return r;
}

/// MultiplyByQuantizedMultiplier on 8 lanes.
__attribute__((target("avx2"))) static inline __m256i ck_avx2_mbqm8(__m256i acc, const ck_avx2_requant8* r) {
    __m256i x = _mm256_sllv_epi32(acc, r->left_shift);
    // round(x*m / 2^31) with halves up == (x*m + 2^30) >> 31 (this equals gemmlowp's truncating form).
    // The high dword of 2*(x*m + 2^30) is that value; the 64-bit sum cannot overflow when m != INT32_MIN.
    __m256i rounding = _mm256_set1_epi64x(INT64_C(1) << 30);
    __m256i even = _mm256_add_epi64(_mm256_mul_epi32(x, r->multiplier), rounding);
    __m256i odd = _mm256_add_epi64(_mm256_mul_epi32(_mm256_srli_epi64(x, 32), _mm256_srli_epi64(r->multiplier, 32)),
                                   rounding);
    even = _mm256_srli_epi64(_mm256_slli_epi64(even, 1), 32);
    odd = _mm256_slli_epi64(odd, 1);
    __m256i high = _mm256_blend_epi32(even, odd, 0xAA);
    // Rounding divide by 2^right_shift, halves away from zero.
    __m256i negative = _mm256_cmpgt_epi32(_mm256_setzero_si256(), high);
    __m256i remainder = _mm256_and_si256(high, r->remainder_mask);
    __m256i threshold = _mm256_sub_epi32(r->threshold_base, negative);
    __m256i rounded = _mm256_srav_epi32(high, r->right_shift);
    return _mm256_sub_epi32(rounded, _mm256_cmpgt_epi32(remainder, threshold));
}

/// TFLite's 64-bit single-rounding form on 8 lanes: floor((x * m + 2^(t-1)) / 2^t), t = 31 - shift.
__attribute__((target("avx2"))) static inline __m256i ck_avx2_mbqm8_single(__m256i acc, const ck_avx2_requant8* r) {
    const __m256i bias = _mm256_set1_epi64x(INT64_C(1) << 62);  // |x * m| < 2^62 since m >= 0
    __m256i even = _mm256_mul_epi32(acc, r->multiplier);
    __m256i odd = _mm256_mul_epi32(_mm256_srli_epi64(acc, 32), _mm256_srli_epi64(r->multiplier, 32));
    even = _mm256_sub_epi64(_mm256_srlv_epi64(_mm256_add_epi64(_mm256_add_epi64(even, r->round_even), bias),
                                              r->total_shift_even), r->unbias_even);
    odd = _mm256_sub_epi64(_mm256_srlv_epi64(_mm256_add_epi64(_mm256_add_epi64(odd, r->round_odd), bias),
                                             r->total_shift_odd), r->unbias_odd);
    return _mm256_blend_epi32(even, _mm256_slli_epi64(odd, 32), 0xAA);
}

/// Requantizes 8 lanes and clamps them (still int32).
__attribute__((target("avx2"))) static inline __m256i ck_avx2_requant8_clamp(__m256i acc, const ck_avx2_requant8* r,
                                                                            __m256i zero_point, __m256i min,
                                                                            __m256i max) {
    __m256i scaled = r->single_rounding ? ck_avx2_mbqm8_single(acc, r) : ck_avx2_mbqm8(acc, r);
    __m256i v = _mm256_add_epi32(scaled, zero_point);
    return _mm256_min_epi32(_mm256_max_epi32(v, min), max);
}

/// Packs 8 clamped int32 lanes (already within int8) into 8 bytes, lane order kept.
__attribute__((target("avx2"))) static inline uint64_t ck_avx2_narrow8(__m256i v) {
    __m128i lo = _mm256_castsi256_si128(v);
    __m128i hi = _mm256_extracti128_si256(v, 1);
    __m128i w16 = _mm_packs_epi32(lo, hi);
    __m128i w8 = _mm_packs_epi16(w16, w16);
    return (uint64_t)_mm_cvtsi128_si64(w8);
}
#endif
#endif
