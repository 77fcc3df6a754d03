// AVX2 GEMM, 3 rows x 8 channels, k in blocks of 8. Exact int8 products: both operands are sign-extended to int16
// and multiplied with vpmaddwd (vpmaddubsw would saturate and treat one side as unsigned).
// A ymm holds two channels' 8 k values; each row's 8 k values are broadcast to both halves.
#if defined(__x86_64__)
#include <string.h>
#include "ckernels.h"
#include "../internal/requant_avx2.h"
#include "../internal/variants.h"

enum { MR = 3, NR = 8, KR = 8 };

/// Loads up to 8 bytes of a row (fewer at the k tail, zero-filled) as 8 int16 in both 128-bit halves.
__attribute__((target("avx2"))) static inline __m256i load_row8(const int8_t* row, size_t count) {
    int64_t bytes = 0;
    if (count == KR) {
        memcpy(&bytes, row, KR);  // constant size: one 8-byte load, not a library call
    } else {
        for (size_t i = 0; i < count; i++) bytes |= (int64_t)(uint8_t)row[i] << (8 * i);
    }
    return _mm256_broadcastsi128_si256(_mm_cvtepi8_epi16(_mm_cvtsi64_si128(bytes)));
}

/// Sums each half's four partial sums: acc[j] holds channels 2j (low half) and 2j+1 (high half).
__attribute__((target("avx2"))) static inline __m256i reduce8(__m256i acc0, __m256i acc1, __m256i acc2,
                                                              __m256i acc3) {
    __m256i s01 = _mm256_hadd_epi32(acc0, acc1);       // low: c0 c0 c2 c2, high: c1 c1 c3 c3
    __m256i s23 = _mm256_hadd_epi32(acc2, acc3);       // low: c4 c4 c6 c6, high: c5 c5 c7 c7
    __m256i s = _mm256_hadd_epi32(s01, s23);           // low: c0 c2 c4 c6, high: c1 c3 c5 c7
    return _mm256_permutevar8x32_epi32(s, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
}

__attribute__((target("avx2"))) void ck_qs8_gemm_3x8c8_avx2(CK_GEMM_ARGS) {
    const size_t k_blocks = (k + KR - 1) / KR;
    const size_t panel_bytes = NR * sizeof(int32_t) + NR * KR * k_blocks;
    const __m256i zp = _mm256_set1_epi32(params->output_zero_point);
    const __m256i lo = _mm256_set1_epi32(params->output_min);
    const __m256i hi = _mm256_set1_epi32(params->output_max);

    for (size_t first = 0; first < n; first += NR) {
        const size_t channels = n - first < NR ? n - first : NR;
        const uint8_t* panel = (const uint8_t*)packed_w + (first / NR) * panel_bytes;
        int32_t multiplier[NR], shift[NR];
        for (size_t j = 0; j < NR; j++) {
            size_t source = first + (j < channels ? j : channels - 1);  // tail lanes repeat a valid channel
            multiplier[j] = params->multiplier[source];
            shift[j] = params->shift[source];
        }
        const ck_avx2_requant8 rq = ck_avx2_requant8_load(multiplier, shift, params->single_rounding);
        const __m256i bias = _mm256_loadu_si256((const __m256i*)panel);
        const int8_t* weights = (const int8_t*)(panel + NR * sizeof(int32_t));

        size_t row = 0;
        if (m % MR == 1) {  // a single leftover row (and M = 1, as in FULLY_CONNECTED) without recomputing it 3 times
            const int8_t* a0 = a + (m - 1) * a_stride;
            __m256i acc[4] = {_mm256_setzero_si256(), _mm256_setzero_si256(), _mm256_setzero_si256(),
                              _mm256_setzero_si256()};
            const int8_t* w = weights;
            for (size_t block = 0; block < k_blocks; block++, w += NR * KR) {
                const size_t depth = block * KR, count = k - depth < KR ? k - depth : KR;
                const __m256i x0 = load_row8(a0 + depth, count);
                for (int j = 0; j < 4; j++) {
                    const __m256i wj = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(w + 16 * j)));
                    acc[j] = _mm256_add_epi32(acc[j], _mm256_madd_epi16(x0, wj));
                }
            }
            __m256i sum = _mm256_add_epi32(reduce8(acc[0], acc[1], acc[2], acc[3]), bias);
            uint64_t bytes = ck_avx2_narrow8(ck_avx2_requant8_clamp(sum, &rq, zp, lo, hi));
            memcpy(c + (m - 1) * c_stride + first, &bytes, channels);
        }
        const size_t m_main = m % MR == 1 ? m - 1 : m;
        for (; row < m_main; row += MR) {
            const size_t rows = m_main - row < MR ? m_main - row : MR;
            const int8_t* a0 = a + row * a_stride;
            const int8_t* a1 = rows > 1 ? a0 + a_stride : a0;  // missing rows recompute row 0, not stored
            const int8_t* a2 = rows > 2 ? a1 + a_stride : a1;
            __m256i acc[MR][4];
            for (int r = 0; r < MR; r++)
                for (int j = 0; j < 4; j++) acc[r][j] = _mm256_setzero_si256();
            const int8_t* w = weights;
            for (size_t block = 0; block < k_blocks; block++, w += NR * KR) {
                const size_t depth = block * KR, count = k - depth < KR ? k - depth : KR;
                const __m256i x0 = load_row8(a0 + depth, count);
                const __m256i x1 = load_row8(a1 + depth, count);
                const __m256i x2 = load_row8(a2 + depth, count);
                for (int j = 0; j < 4; j++) {
                    const __m256i wj = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(w + 16 * j)));
                    acc[0][j] = _mm256_add_epi32(acc[0][j], _mm256_madd_epi16(x0, wj));
                    acc[1][j] = _mm256_add_epi32(acc[1][j], _mm256_madd_epi16(x1, wj));
                    acc[2][j] = _mm256_add_epi32(acc[2][j], _mm256_madd_epi16(x2, wj));
                }
            }
            for (size_t r = 0; r < rows; r++) {
                __m256i sum = _mm256_add_epi32(reduce8(acc[r][0], acc[r][1], acc[r][2], acc[r][3]), bias);
                uint64_t bytes = ck_avx2_narrow8(ck_avx2_requant8_clamp(sum, &rq, zp, lo, hi));
                if (channels == NR) memcpy(c + (row + r) * c_stride + first, &bytes, NR);
                else memcpy(c + (row + r) * c_stride + first, &bytes, channels);
            }
        }
    }
}
#endif
