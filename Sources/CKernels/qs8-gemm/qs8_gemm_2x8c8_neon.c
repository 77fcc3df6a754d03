// NEON GEMM for armv8-a without dot product (Cortex-A72): 2 rows x 8 channels, k in blocks of 8.
// smull gives 8 exact int16 products, sadalp adds them pairwise into int32 lanes; a final pairwise add reduces.
#if defined(__aarch64__)
#include <string.h>
#include "ckernels.h"
#include "../internal/requant_neon.h"
#include "../internal/variants.h"

enum { MR = 2, NR = 8, KR = 8 };

static inline int8x8_t load_row8(const int8_t* row, size_t count) {
    if (count == KR) return vld1_s8(row);
    int8_t bytes[KR] = {0};
    memcpy(bytes, row, count);
    return vld1_s8(bytes);
}

static inline int32x4_t reduce4(int32x4_t c0, int32x4_t c1, int32x4_t c2, int32x4_t c3) {
    return vpaddq_s32(vpaddq_s32(c0, c1), vpaddq_s32(c2, c3));
}

void ck_qs8_gemm_2x8c8_neon(CK_GEMM_ARGS) {
    const size_t k_blocks = (k + KR - 1) / KR;
    const size_t panel_bytes = NR * sizeof(int32_t) + NR * KR * k_blocks;
    const int32x4_t zp = vdupq_n_s32(params->output_zero_point);
    const int32x4_t lo = vdupq_n_s32(params->output_min);
    const int32x4_t hi = vdupq_n_s32(params->output_max);

    for (size_t first = 0; first < n; first += NR) {
        const size_t channels = n - first < NR ? n - first : NR;
        const uint8_t* panel = (const uint8_t*)packed_w + (first / NR) * panel_bytes;
        int32_t multiplier[NR], shift[NR], bias[NR];
        for (size_t j = 0; j < NR; j++) {
            size_t source = first + (j < channels ? j : channels - 1);
            multiplier[j] = params->multiplier[source];
            shift[j] = params->shift[source];
        }
        memcpy(bias, panel, sizeof bias);
        const ck_neon_requant4 rq0 = ck_neon_requant4_load(multiplier, shift, params->single_rounding);
        const ck_neon_requant4 rq1 = ck_neon_requant4_load(multiplier + 4, shift + 4, params->single_rounding);
        const int32x4_t bias0 = vld1q_s32(bias), bias1 = vld1q_s32(bias + 4);
        const int8_t* weights = (const int8_t*)(panel + NR * sizeof(int32_t));

        for (size_t row = 0; row < m; row += MR) {
            const size_t rows = m - row < MR ? m - row : MR;
            const int8_t* a0 = a + row * a_stride;
            const int8_t* a1 = rows > 1 ? a0 + a_stride : a0;
            int32x4_t acc0[NR], acc1[NR];
            for (int j = 0; j < NR; j++) acc0[j] = acc1[j] = vdupq_n_s32(0);
            const int8_t* w = weights;
            for (size_t block = 0; block < k_blocks; block++, w += NR * KR) {
                const size_t depth = block * KR, count = k - depth < KR ? k - depth : KR;
                const int8x8_t x0 = load_row8(a0 + depth, count);
                const int8x8_t x1 = load_row8(a1 + depth, count);
                for (int j = 0; j < NR; j++) {
                    const int8x8_t wj = vld1_s8(w + KR * j);
                    acc0[j] = vpadalq_s16(acc0[j], vmull_s8(x0, wj));
                    acc1[j] = vpadalq_s16(acc1[j], vmull_s8(x1, wj));
                }
            }
            int32x4_t* accs[MR] = {acc0, acc1};
            for (size_t r = 0; r < rows; r++) {
                int32x4_t* acc = accs[r];
                int32x4_t s0 = vaddq_s32(reduce4(acc[0], acc[1], acc[2], acc[3]), bias0);
                int32x4_t s1 = vaddq_s32(reduce4(acc[4], acc[5], acc[6], acc[7]), bias1);
                int8x8_t bytes = ck_neon_narrow8(ck_neon_requant4_clamp(s0, &rq0, zp, lo, hi),
                                                 ck_neon_requant4_clamp(s1, &rq1, zp, lo, hi));
                int8_t out[NR];
                vst1_s8(out, bytes);
                memcpy(c + (row + r) * c_stride + first, out, channels);
            }
        }
    }
}
#endif
