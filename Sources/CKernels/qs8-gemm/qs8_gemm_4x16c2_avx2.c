// AVX2 GEMM, 4 rows x 16 channels, k in pairs ("c2"). Exact int8 products: both operands are sign-extended to int16
// and multiplied with vpmaddwd (vpmaddubsw would saturate and treat one side as unsigned).
//
// A panel holds, per pair of k, 16 channels' two weights (32 bytes); widened, that is two registers of 8 channels
// times (k, k+1). A row's (k, k+1) pair, widened to int16, is broadcast as one 32-bit value, so one vpmaddwd yields
// 8 channels' partial sums directly: no horizontal reduction at the end. That matters because most convolutions
// in the small models we run have k = 8...32, where the end of a tile (requantization, narrowing) costs as much as
// the products. Rows are widened once per 4-row tile, into a stack buffer, and reused across all panels.
#if defined(__x86_64__)
#include <string.h>
#include "ckernels.h"
#include "../internal/requant_avx2.h"
#include "../internal/variants.h"

enum { MR = 4, NR = 16, KR = 2, KCHUNK = 1024 };  // KCHUNK: widened k per row held at once (8 KiB for 4 rows)
enum { CACHED_HALVES = 64 };  // requantization constants prepared once per call for n <= 512 (24 KiB)

/// Requantization constants of panel half `half` (8 channels from 8 * half); lanes past n repeat the last channel.
__attribute__((target("avx2"))) static ck_avx2_requant8 half_constants(size_t half, size_t n,
                                                                       const ck_qs8_requant_params* params) {
    int32_t multiplier[8], shift[8];
    for (size_t j = 0; j < 8; j++) {
        const size_t source = 8 * half + j < n ? 8 * half + j : n - 1;
        multiplier[j] = params->multiplier[source];
        shift[j] = params->shift[source];
    }
    return ck_avx2_requant8_load(multiplier, shift, params->single_rounding);
}

/// Widens A[row][k_first, k_first + count) of `rows` rows to int16 in `out` (stride `chunk`), zero beyond count.
__attribute__((target("avx2"))) static void widen_rows(const int8_t* a, size_t a_stride, size_t rows, size_t k_first,
                                                       size_t count, size_t chunk, int16_t* out) {
    for (size_t r = 0; r < rows; r++) {
        const int8_t* source = a + r * a_stride + k_first;
        int16_t* target = out + r * chunk;
        size_t t = 0;
        for (; t + 16 <= count; t += 16) {
            _mm256_storeu_si256((__m256i*)(target + t),
                                _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(source + t))));
        }
        if (t + 8 <= count) {
            _mm_storeu_si128((__m128i*)(target + t), _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i*)(source + t))));
            t += 8;
        }
        for (; t < count; t++) target[t] = source[t];
        for (; t < chunk; t++) target[t] = 0;
    }
}

static inline int32_t pair_at(const int16_t* row, size_t p) {
    int32_t pair;
    memcpy(&pair, row + 2 * p, sizeof pair);
    return pair;
}

/// Accumulates `pairs` pairs of k for ROWS rows (4 or 1) and HALVES x 8 channels. The accumulators are named
/// variables, not an array, so that they stay in registers (an array indexed in a loop went to the stack).
__attribute__((target("avx2"), always_inline)) static inline void accumulate(
    size_t ROWS, size_t HALVES, const int16_t* a16, size_t chunk, const int8_t* w, size_t pairs,
    __m256i acc[MR][2]) {
    __m256i a0l = acc[0][0], a0h = acc[0][1];
    __m256i a1l = _mm256_setzero_si256(), a1h = a1l, a2l = a1l, a2h = a1l, a3l = a1l, a3h = a1l;
    if (ROWS == 4) a1l = acc[1][0], a1h = acc[1][1], a2l = acc[2][0], a2h = acc[2][1], a3l = acc[3][0], a3h = acc[3][1];
    const int16_t *r0 = a16, *r1 = a16 + chunk, *r2 = a16 + 2 * chunk, *r3 = a16 + 3 * chunk;
    for (size_t p = 0; p < pairs; p++, w += NR * KR) {
        const __m256i w_lo = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)w));
        const __m256i w_hi = HALVES == 2 ? _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(w + 16)))
                                         : _mm256_setzero_si256();
        const __m256i x0 = _mm256_set1_epi32(pair_at(r0, p));
        a0l = _mm256_add_epi32(a0l, _mm256_madd_epi16(x0, w_lo));
        if (HALVES == 2) a0h = _mm256_add_epi32(a0h, _mm256_madd_epi16(x0, w_hi));
        if (ROWS == 4) {
            const __m256i x1 = _mm256_set1_epi32(pair_at(r1, p));
            const __m256i x2 = _mm256_set1_epi32(pair_at(r2, p));
            const __m256i x3 = _mm256_set1_epi32(pair_at(r3, p));
            a1l = _mm256_add_epi32(a1l, _mm256_madd_epi16(x1, w_lo));
            a2l = _mm256_add_epi32(a2l, _mm256_madd_epi16(x2, w_lo));
            a3l = _mm256_add_epi32(a3l, _mm256_madd_epi16(x3, w_lo));
            if (HALVES == 2) {
                a1h = _mm256_add_epi32(a1h, _mm256_madd_epi16(x1, w_hi));
                a2h = _mm256_add_epi32(a2h, _mm256_madd_epi16(x2, w_hi));
                a3h = _mm256_add_epi32(a3h, _mm256_madd_epi16(x3, w_hi));
            }
        }
    }
    acc[0][0] = a0l, acc[0][1] = a0h;
    if (ROWS == 4) acc[1][0] = a1l, acc[1][1] = a1h, acc[2][0] = a2l, acc[2][1] = a2h, acc[3][0] = a3l, acc[3][1] = a3h;
}

/// One tile: ROWS rows (4 or 1) from `row`, every panel; HALVES 1 when the panel's live channels fit in 8.
__attribute__((target("avx2"), always_inline)) static inline void tile(size_t ROWS, size_t row, CK_GEMM_ARGS,
                                                                       int16_t* a16, const ck_avx2_requant8* cached,
                                                                       size_t cached_halves) {
    (void)m;
    const size_t pairs = (k + KR - 1) / KR, k_padded = pairs * KR;
    const size_t panel_bytes = NR * sizeof(int32_t) + NR * k_padded;
    const size_t chunk = k_padded < KCHUNK ? k_padded : KCHUNK;
    const int whole = k_padded <= KCHUNK;  // rows widened once for all panels
    const int8_t* a_rows = a + row * a_stride;
    if (whole) widen_rows(a_rows, a_stride, ROWS, 0, k, chunk, a16);
    const __m256i zp = _mm256_set1_epi32(params->output_zero_point);
    const __m256i lo = _mm256_set1_epi32(params->output_min);
    const __m256i hi = _mm256_set1_epi32(params->output_max);
    for (size_t first = 0; first < n; first += NR) {
        const size_t channels = n - first < NR ? n - first : NR;
        const size_t halves = channels > 8 ? 2 : 1;
        const uint8_t* panel = (const uint8_t*)packed_w + (first / NR) * panel_bytes;
        const int8_t* weights = (const int8_t*)(panel + NR * sizeof(int32_t));
        __m256i acc[MR][2];
        const __m256i bias_lo = _mm256_loadu_si256((const __m256i*)panel);
        const __m256i bias_hi = _mm256_loadu_si256((const __m256i*)(panel + 8 * sizeof(int32_t)));
        for (size_t r = 0; r < ROWS; r++) acc[r][0] = bias_lo, acc[r][1] = bias_hi;
        for (size_t k_first = 0; k_first < k_padded; k_first += chunk) {
            const size_t span = k_padded - k_first < chunk ? k_padded - k_first : chunk;
            if (!whole) {
                const size_t real = k_first >= k ? 0 : (k - k_first < span ? k - k_first : span);
                widen_rows(a_rows, a_stride, ROWS, k_first, real, chunk, a16);
            }
            const int8_t* w = weights + k_first * NR;
            if (halves == 2) accumulate(ROWS, 2, a16, chunk, w, span / KR, acc);
            else accumulate(ROWS, 1, a16, chunk, w, span / KR, acc);
        }
        const size_t half = first / 8;
        const ck_avx2_requant8 rq_lo = half < cached_halves ? cached[half] : half_constants(half, n, params);
        const ck_avx2_requant8 rq_hi = halves == 1 ? rq_lo
            : half + 1 < cached_halves ? cached[half + 1] : half_constants(half + 1, n, params);
        for (size_t r = 0; r < ROWS; r++) {
            int8_t* out = c + (row + r) * c_stride + first;
            const __m256i q_lo = ck_avx2_requant8_clamp(acc[r][0], &rq_lo, zp, lo, hi);
            if (halves == 1) {
                const uint64_t bytes = ck_avx2_narrow8(q_lo);
                if (channels == 8) memcpy(out, &bytes, 8);  // a constant size is a store, not a call
                else memcpy(out, &bytes, channels);
                continue;
            }
            const __m256i q_hi = ck_avx2_requant8_clamp(acc[r][1], &rq_hi, zp, lo, hi);
            // int32 -> int16 packs within 128-bit lanes (c0-3 c8-11 | c4-7 c12-15); reorder, then to bytes.
            const __m256i w16 = _mm256_permute4x64_epi64(_mm256_packs_epi32(q_lo, q_hi), 0xD8);
            const __m128i bytes = _mm_packs_epi16(_mm256_castsi256_si128(w16), _mm256_extracti128_si256(w16, 1));
            if (channels == NR) {
                _mm_storeu_si128((__m128i*)out, bytes);
            } else {
                int8_t staged[NR];
                _mm_storeu_si128((__m128i*)staged, bytes);
                memcpy(out, staged, channels);
            }
        }
    }
}

__attribute__((target("avx2"))) void ck_qs8_gemm_4x16c2_avx2(CK_GEMM_ARGS) {
    int16_t a16[MR * KCHUNK];
    ck_avx2_requant8 cached[CACHED_HALVES];
    const size_t halves = (n + 7) / 8, cached_halves = halves < CACHED_HALVES ? halves : CACHED_HALVES;
    for (size_t half = 0; half < cached_halves; half++) cached[half] = half_constants(half, n, params);
    size_t row = 0;
    for (; row + MR <= m; row += MR)
        tile(MR, row, m, n, k, a, a_stride, packed_w, c, c_stride, params, a16, cached, cached_halves);
    for (; row < m; row++) tile(1, row, m, n, k, a, a_stride, packed_w, c, c_stride, params, a16, cached, cached_halves);
}
#endif
