// AVX2 element-wise ADD / SUB, 8 elements per step, bit-exact with the scalar oracle.
#if defined(__x86_64__)
#include <string.h>
#include "ckernels.h"
#include "../internal/requant_avx2.h"
#include "../internal/variants.h"

__attribute__((target("avx2"))) void ck_qs8_vadd_8x_avx2(size_t n, const int8_t* a, const int8_t* b, int8_t* out,
                                                         const ck_qs8_vadd_params* p) {
    int32_t m[3][8], s[3][8];
    for (int j = 0; j < 8; j++) {
        m[0][j] = p->a_multiplier, s[0][j] = p->a_shift;
        m[1][j] = p->b_multiplier, s[1][j] = p->b_shift;
        m[2][j] = p->out_multiplier, s[2][j] = p->out_shift;
    }
    const ck_avx2_requant8 ra = ck_avx2_requant8_load(m[0], s[0], 0);
    const ck_avx2_requant8 rb = ck_avx2_requant8_load(m[1], s[1], 0);
    const ck_avx2_requant8 ro = ck_avx2_requant8_load(m[2], s[2], 0);
    const __m256i a_offset = _mm256_set1_epi32(p->a_offset), b_offset = _mm256_set1_epi32(p->b_offset);
    const __m256i zp = _mm256_set1_epi32(p->out_zero_point);
    const __m256i lo = _mm256_set1_epi32(p->out_min), hi = _mm256_set1_epi32(p->out_max);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        int64_t a8, b8;
        memcpy(&a8, a + i, 8);
        memcpy(&b8, b + i, 8);
        __m256i x = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtepi8_epi32(_mm_cvtsi64_si128(a8)), a_offset), 20);
        __m256i y = _mm256_slli_epi32(_mm256_add_epi32(_mm256_cvtepi8_epi32(_mm_cvtsi64_si128(b8)), b_offset), 20);
        x = ck_avx2_mbqm8(x, &ra);
        y = ck_avx2_mbqm8(y, &rb);
        __m256i sum = p->subtract ? _mm256_sub_epi32(x, y) : _mm256_add_epi32(x, y);
        uint64_t bytes = ck_avx2_narrow8(ck_avx2_requant8_clamp(sum, &ro, zp, lo, hi));
        memcpy(out + i, &bytes, 8);
    }
    if (i < n) ck_qs8_vadd_scalar(n - i, a + i, b + i, out + i, p);
}
#endif
