// AVX2 requantization, 8 channels at a time.
#if defined(__x86_64__)
#include <string.h>
#include "ckernels.h"
#include "../internal/requant_avx2.h"
#include "../internal/requant_scalar.h"

__attribute__((target("avx2"))) void ck_qs8_requant_avx2(size_t m, size_t n, const int32_t* acc, size_t acc_stride,
                                                         int8_t* out, size_t out_stride,
                                                         const ck_qs8_requant_params* p) {
    __m256i zp = _mm256_set1_epi32(p->output_zero_point);
    __m256i lo = _mm256_set1_epi32(p->output_min);
    __m256i hi = _mm256_set1_epi32(p->output_max);
    size_t j = 0;
    for (; j + 8 <= n; j += 8) {
        ck_avx2_requant8 r = ck_avx2_requant8_load(p->multiplier + j, p->shift + j, p->single_rounding);
        for (size_t i = 0; i < m; i++) {
            __m256i a = _mm256_loadu_si256((const __m256i*)(acc + i * acc_stride + j));
            uint64_t bytes = ck_avx2_narrow8(ck_avx2_requant8_clamp(a, &r, zp, lo, hi));
            memcpy(out + i * out_stride + j, &bytes, 8);
        }
    }
    for (; j < n; j++) {
        for (size_t i = 0; i < m; i++) {
            out[i * out_stride + j] = ck_requant_one_scalar(acc[i * acc_stride + j], p->multiplier[j], p->shift[j],
                                                            p->output_zero_point, p->output_min, p->output_max,
                                                            p->single_rounding);
        }
    }
}
#endif
