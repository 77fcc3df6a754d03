// YUYV -> RGB with AVX2, 16 pixels per step: products in 32 bits through madd (exact), bit-exact with the scalar.
#if defined(__x86_64__)
#include <immintrin.h>

#include "ck_image.h"

__attribute__((target("avx2"))) static inline __m256i channel(__m256i pair_lo, __m256i pair_hi, __m256i coeffs,
                                                               __m256i third_lo, __m256i third_hi, __m256i coeffs3) {
    __m256i lo = _mm256_add_epi32(_mm256_madd_epi16(pair_lo, coeffs), _mm256_madd_epi16(third_lo, coeffs3));
    __m256i hi = _mm256_add_epi32(_mm256_madd_epi16(pair_hi, coeffs), _mm256_madd_epi16(third_hi, coeffs3));
    return _mm256_packs_epi32(_mm256_srai_epi32(lo, 8), _mm256_srai_epi32(hi, 8));
}

__attribute__((target("avx2"))) void ck_u8_yuyv_rgb_avx2(const uint8_t *yuyv, uint8_t *rgb, size_t pixels) {
    // Interleaving masks: output byte p of the 48 comes from pixel p / 3 of plane p % 3.
    uint8_t masks[3][3][16];
    for (int k = 0; k < 3; k++)
        for (int j = 0; j < 16; j++) {
            int p = 16 * k + j;
            for (int plane = 0; plane < 3; plane++) masks[k][plane][j] = (p % 3 == plane) ? (uint8_t)(p / 3) : 0x80;
        }
    const __m256i low_bytes = _mm256_set1_epi16(0x00FF);
    const __m256i sixteen = _mm256_set1_epi16(16);
    const __m256i offset128 = _mm256_set1_epi16(128);
    const __m256i pick_u = _mm256_setr_epi8(0, 1, 0, 1, 4, 5, 4, 5, 8, 9, 8, 9, 12, 13, 12, 13, 0, 1, 0, 1, 4, 5, 4, 5,
                                            8, 9, 8, 9, 12, 13, 12, 13);
    const __m256i pick_v = _mm256_setr_epi8(2, 3, 2, 3, 6, 7, 6, 7, 10, 11, 10, 11, 14, 15, 14, 15, 2, 3, 2, 3, 6, 7,
                                            6, 7, 10, 11, 10, 11, 14, 15, 14, 15);
    const __m256i one = _mm256_set1_epi16(1);
    // Pairs (a, b) times (x, y) in madd: R = (C, E)(298, 409) + (D, 1)(0, 128), and so on.
    const __m256i r_ce = _mm256_set1_epi32((409 << 16) | 298);
    const __m256i r_d1 = _mm256_set1_epi32(128 << 16);
    const __m256i g_cd = _mm256_set1_epi32((int32_t)(((uint32_t)(uint16_t)-100 << 16) | 298));
    const __m256i g_e1 = _mm256_set1_epi32((int32_t)((128u << 16) | (uint16_t)-208));
    const __m256i b_cd = _mm256_set1_epi32((516 << 16) | 298);
    size_t i = 0;
    for (; i + 16 <= pixels; i += 16) {
        __m256i v = _mm256_loadu_si256((const __m256i *)(yuyv + 2 * i));
        __m256i c = _mm256_sub_epi16(_mm256_and_si256(v, low_bytes), sixteen);
        __m256i uv = _mm256_srli_epi16(v, 8);
        __m256i d = _mm256_sub_epi16(_mm256_shuffle_epi8(uv, pick_u), offset128);
        __m256i e = _mm256_sub_epi16(_mm256_shuffle_epi8(uv, pick_v), offset128);
        __m256i ce_lo = _mm256_unpacklo_epi16(c, e), ce_hi = _mm256_unpackhi_epi16(c, e);
        __m256i cd_lo = _mm256_unpacklo_epi16(c, d), cd_hi = _mm256_unpackhi_epi16(c, d);
        __m256i d1_lo = _mm256_unpacklo_epi16(d, one), d1_hi = _mm256_unpackhi_epi16(d, one);
        __m256i e1_lo = _mm256_unpacklo_epi16(e, one), e1_hi = _mm256_unpackhi_epi16(e, one);
        __m256i r = channel(ce_lo, ce_hi, r_ce, d1_lo, d1_hi, r_d1);
        __m256i g = channel(cd_lo, cd_hi, g_cd, e1_lo, e1_hi, g_e1);
        __m256i b = channel(cd_lo, cd_hi, b_cd, d1_lo, d1_hi, r_d1);
        __m256i rg = _mm256_permute4x64_epi64(_mm256_packus_epi16(r, g), 0xD8);
        __m256i bb = _mm256_permute4x64_epi64(_mm256_packus_epi16(b, b), 0xD8);
        __m128i planes[3] = {_mm256_castsi256_si128(rg), _mm256_extracti128_si256(rg, 1), _mm256_castsi256_si128(bb)};
        for (int k = 0; k < 3; k++) {
            __m128i out = _mm_setzero_si128();
            for (int plane = 0; plane < 3; plane++)
                out = _mm_or_si128(out, _mm_shuffle_epi8(planes[plane], _mm_loadu_si128((const __m128i *)masks[k][plane])));
            _mm_storeu_si128((__m128i *)(rgb + 3 * i + 16 * (size_t)k), out);
        }
    }
    if (i < pixels) ck_u8_yuyv_rgb_scalar(yuyv + 2 * i, rgb + 3 * i, pixels - i);
}
#endif
