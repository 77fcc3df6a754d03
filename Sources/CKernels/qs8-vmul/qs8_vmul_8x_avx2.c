// AVX2 element-wise MUL, 8 elements per step, either factor repeated (stride 0) or not (stride 1); bit-exact with
// the scalar oracle, to which any other stride is handed.
#if defined(__x86_64__)
#include <string.h>
#include "ckernels.h"
#include "../internal/requant_avx2.h"
#include "../internal/variants.h"

/// 8 factors from `x`: the next 8 bytes, or the one byte repeated; with the offset added.
__attribute__((target("avx2"))) static inline __m256i factors8(const int8_t* x, size_t stride, __m256i offset) {
    if (stride == 0) return _mm256_add_epi32(_mm256_set1_epi32(*x), offset);
    int64_t bytes;
    memcpy(&bytes, x, 8);
    return _mm256_add_epi32(_mm256_cvtepi8_epi32(_mm_cvtsi64_si128(bytes)), offset);
}

__attribute__((target("avx2"))) void ck_qs8_vmul_8x_avx2(size_t n, const int8_t* a, size_t a_stride, const int8_t* b,
                                                         size_t b_stride, int8_t* out, const ck_qs8_vmul_params* p) {
    if (a_stride > 1 || b_stride > 1) {
        ck_qs8_vmul_scalar(n, a, a_stride, b, b_stride, out, p);
        return;
    }
    int32_t m[8], s[8];
    for (int j = 0; j < 8; j++) m[j] = p->out_multiplier, s[j] = p->out_shift;
    const ck_avx2_requant8 r = ck_avx2_requant8_load(m, s, 0);
    const __m256i a_offset = _mm256_set1_epi32(p->a_offset), b_offset = _mm256_set1_epi32(p->b_offset);
    const __m256i zp = _mm256_set1_epi32(p->out_zero_point);
    const __m256i lo = _mm256_set1_epi32(p->out_min), hi = _mm256_set1_epi32(p->out_max);
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        __m256i x = factors8(a + i * a_stride, a_stride, a_offset);
        __m256i y = factors8(b + i * b_stride, b_stride, b_offset);
        uint64_t bytes = ck_avx2_narrow8(ck_avx2_requant8_clamp(_mm256_mullo_epi32(x, y), &r, zp, lo, hi));
        memcpy(out + i, &bytes, 8);
    }
    if (i < n) ck_qs8_vmul_scalar(n - i, a + i * a_stride, a_stride, b + i * b_stride, b_stride, out + i, p);
}
#endif
