// Bilinear RGB resize row with AVX2, 8 output pixels per step: 4-byte gathers (RGB + one spare byte), horizontal
// blend in 16 bits, vertical blend in 32 bits through madd. Bit-exact with the scalar.
#if defined(__x86_64__)
#include <immintrin.h>

#include "ck_image.h"

__attribute__((target("avx2"))) static inline __m256i horizontal(__m256i a, __m256i b, __m256i w, __m256i w_inv) {
    return _mm256_add_epi16(_mm256_mullo_epi16(a, w_inv), _mm256_mullo_epi16(b, w));
}

__attribute__((target("avx2"))) void ck_u8_resize_bilinear_rgb_avx2(
    const uint8_t *row0, const uint8_t *row1, size_t row_bytes, const int32_t *x0_offsets, const int32_t *x1_offsets,
    const int32_t *x_weights, int32_t y_weight, size_t out_pixels, uint8_t xor_mask, uint8_t *out) {
    const __m256i zero = _mm256_setzero_si256();
    const __m256i w128 = _mm256_set1_epi16(128);
    const __m256i vy = _mm256_set1_epi32((int32_t)(((uint32_t)y_weight << 16) | (uint32_t)(128 - y_weight)));
    const __m256i round = _mm256_set1_epi32(8192);
    const __m256i flip = _mm256_set1_epi8((char)xor_mask);
    // Per 128-bit lane: 4 pixels RGBx -> 12 bytes RGB.
    const __m256i compact = _mm256_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1, 0, 1, 2, 4, 5, 6,
                                             8, 9, 10, 12, 13, 14, -1, -1, -1, -1);
    size_t i = 0;
    // The gathers read 4 bytes at each offset: stop where the last pixel's read would pass row_bytes.
    for (; i + 8 <= out_pixels && (size_t)x1_offsets[i + 7] + 4 <= row_bytes; i += 8) {
        __m256i o0 = _mm256_loadu_si256((const __m256i *)(x0_offsets + i));
        __m256i o1 = _mm256_loadu_si256((const __m256i *)(x1_offsets + i));
        __m256i p00 = _mm256_i32gather_epi32((const int *)row0, o0, 1);
        __m256i p01 = _mm256_i32gather_epi32((const int *)row0, o1, 1);
        __m256i p10 = _mm256_i32gather_epi32((const int *)row1, o0, 1);
        __m256i p11 = _mm256_i32gather_epi32((const int *)row1, o1, 1);
        __m256i w32 = _mm256_loadu_si256((const __m256i *)(x_weights + i));
        __m256i w2 = _mm256_or_si256(w32, _mm256_slli_epi32(w32, 16));  // each pixel's weight twice in 16 bits
        __m256i w_lo = _mm256_unpacklo_epi32(w2, w2), w_hi = _mm256_unpackhi_epi32(w2, w2);
        __m256i wi_lo = _mm256_sub_epi16(w128, w_lo), wi_hi = _mm256_sub_epi16(w128, w_hi);
        __m256i h0_lo = horizontal(_mm256_unpacklo_epi8(p00, zero), _mm256_unpacklo_epi8(p01, zero), w_lo, wi_lo);
        __m256i h0_hi = horizontal(_mm256_unpackhi_epi8(p00, zero), _mm256_unpackhi_epi8(p01, zero), w_hi, wi_hi);
        __m256i h1_lo = horizontal(_mm256_unpacklo_epi8(p10, zero), _mm256_unpacklo_epi8(p11, zero), w_lo, wi_lo);
        __m256i h1_hi = horizontal(_mm256_unpackhi_epi8(p10, zero), _mm256_unpackhi_epi8(p11, zero), w_hi, wi_hi);
        __m256i v[4] = {
            _mm256_madd_epi16(_mm256_unpacklo_epi16(h0_lo, h1_lo), vy),
            _mm256_madd_epi16(_mm256_unpackhi_epi16(h0_lo, h1_lo), vy),
            _mm256_madd_epi16(_mm256_unpacklo_epi16(h0_hi, h1_hi), vy),
            _mm256_madd_epi16(_mm256_unpackhi_epi16(h0_hi, h1_hi), vy),
        };
        for (int k = 0; k < 4; k++) v[k] = _mm256_srli_epi32(_mm256_add_epi32(v[k], round), 14);
        __m256i lo16 = _mm256_packs_epi32(v[0], v[1]), hi16 = _mm256_packs_epi32(v[2], v[3]);
        __m256i bytes = _mm256_xor_si256(_mm256_packus_epi16(lo16, hi16), flip);
        __m256i packed = _mm256_shuffle_epi8(bytes, compact);
        __m128i first = _mm256_castsi256_si128(packed), second = _mm256_extracti128_si256(packed, 1);
        uint8_t *o = out + 3 * i;
        _mm_storel_epi64((__m128i *)o, first);
        int32_t tail0 = _mm_extract_epi32(first, 2);
        __builtin_memcpy(o + 8, &tail0, 4);
        _mm_storel_epi64((__m128i *)(o + 12), second);
        int32_t tail1 = _mm_extract_epi32(second, 2);
        __builtin_memcpy(o + 20, &tail1, 4);
    }
    if (i < out_pixels)
        ck_u8_resize_bilinear_rgb_scalar(row0, row1, row_bytes, x0_offsets + i, x1_offsets + i, x_weights + i,
                                         y_weight, out_pixels - i, xor_mask, out + 3 * i);
}
#endif
