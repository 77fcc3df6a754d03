// Luma downscale with AVX2: the vertical sums (the bulk of the work) 16 columns at a time in 16 bits, then the
// horizontal groups. Bit-exact with the scalar.
#if defined(__x86_64__)
#include <immintrin.h>

#include "ck_image.h"

__attribute__((target("avx2"))) void ck_u8_luma_downscale_avx2(const uint8_t *src, size_t row_stride,
                                                                size_t pixel_stride, size_t factor, size_t out_width,
                                                                uint16_t *column_sums, uint8_t *out) {
    size_t columns = factor * out_width;
    const __m256i low_bytes = _mm256_set1_epi16(0x00FF);
    size_t x = 0;
    if (pixel_stride == 1) {
        for (; x + 16 <= columns; x += 16) {
            __m256i acc = _mm256_setzero_si256();
            for (size_t r = 0; r < factor; r++)
                acc = _mm256_add_epi16(acc, _mm256_cvtepu8_epi16(_mm_loadu_si128((const __m128i *)(src + r * row_stride + x))));
            _mm256_storeu_si256((__m256i *)(column_sums + x), acc);
        }
    } else if (pixel_stride == 2) {
        for (; x + 16 <= columns; x += 16) {
            __m256i acc = _mm256_setzero_si256();
            for (size_t r = 0; r < factor; r++)
                acc = _mm256_add_epi16(
                    acc, _mm256_and_si256(_mm256_loadu_si256((const __m256i *)(src + r * row_stride + 2 * x)), low_bytes));
            _mm256_storeu_si256((__m256i *)(column_sums + x), acc);
        }
    }
    for (; x < columns; x++) {
        uint16_t sum = 0;
        for (size_t r = 0; r < factor; r++) sum = (uint16_t)(sum + src[r * row_stride + x * pixel_stride]);
        column_sums[x] = sum;
    }
    uint32_t area = (uint32_t)(factor * factor);
    uint32_t reciprocal = (65536u + area / 2) / area;
    for (size_t i = 0; i < out_width; i++) {
        uint32_t sum = 0;
        for (size_t k = 0; k < factor; k++) sum += column_sums[factor * i + k];
        out[i] = (uint8_t)((sum * reciprocal + 32768u) >> 16);
    }
}
#endif
