// NEON dot-product GEMM (armv8.2-a+dotprod, Cortex-A76): 4 rows x 8 channels, k in blocks of 4.
// sdot by lane: each int32 lane of a weight vector (one channel's 4 k) is dotted with 4 k of one row.
#if defined(__aarch64__)
#include <string.h>
#include "ckernels.h"
#include "../internal/requant_neon.h"
#include "../internal/variants.h"

enum { MR = 4, NR = 8, KR = 4 };

#define CK_DOTPROD __attribute__((target("arch=armv8.2-a+dotprod")))

CK_DOTPROD void ck_qs8_gemm_4x8c4_neondot(CK_GEMM_ARGS) {
    const size_t k_blocks = (k + KR - 1) / KR;
    const size_t panel_bytes = NR * sizeof(int32_t) + NR * KR * k_blocks;
    const int32x4_t zp = vdupq_n_s32(params->output_zero_point);
    const int32x4_t lo = vdupq_n_s32(params->output_min);
    const int32x4_t hi = vdupq_n_s32(params->output_max);
    const size_t k_main = k / 8 * 8;  // k covered by whole 8-byte row loads

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
        const int8_t* weights = (const int8_t*)(panel + NR * sizeof(int32_t));

        for (size_t row = 0; row < m; row += MR) {
            const size_t rows = m - row < MR ? m - row : MR;
            const int8_t* ar[MR];
            ar[0] = a + row * a_stride;
            for (size_t r = 1; r < MR; r++) ar[r] = r < rows ? ar[r - 1] + a_stride : ar[r - 1];
            int32x4_t acc[MR][2];
            for (int r = 0; r < MR; r++) {
                acc[r][0] = vld1q_s32(bias);
                acc[r][1] = vld1q_s32(bias + 4);
            }
            const int8_t* w = weights;
            size_t depth = 0;
            for (; depth < k_main; depth += 8, w += 2 * NR * KR) {
                const int8x16_t w00 = vld1q_s8(w), w01 = vld1q_s8(w + 16);
                const int8x16_t w10 = vld1q_s8(w + 32), w11 = vld1q_s8(w + 48);
                for (int r = 0; r < MR; r++) {
                    const int8x8_t x = vld1_s8(ar[r] + depth);
                    acc[r][0] = vdotq_lane_s32(acc[r][0], w00, x, 0);
                    acc[r][1] = vdotq_lane_s32(acc[r][1], w01, x, 0);
                    acc[r][0] = vdotq_lane_s32(acc[r][0], w10, x, 1);
                    acc[r][1] = vdotq_lane_s32(acc[r][1], w11, x, 1);
                }
            }
            for (; depth < k; depth += KR, w += NR * KR) {  // one or two blocks of 4, the last maybe partial
                const size_t count = k - depth < KR ? k - depth : KR;
                const int8x16_t w0 = vld1q_s8(w), w1 = vld1q_s8(w + 16);
                for (int r = 0; r < MR; r++) {
                    int8_t bytes[8] = {0};
                    memcpy(bytes, ar[r] + depth, count);
                    const int8x8_t x = vld1_s8(bytes);
                    acc[r][0] = vdotq_lane_s32(acc[r][0], w0, x, 0);
                    acc[r][1] = vdotq_lane_s32(acc[r][1], w1, x, 0);
                }
            }
            for (size_t r = 0; r < rows; r++) {
                int8x8_t bytes = ck_neon_narrow8(ck_neon_requant4_clamp(acc[r][0], &rq0, zp, lo, hi),
                                                 ck_neon_requant4_clamp(acc[r][1], &rq1, zp, lo, hi));
                int8_t out[NR];
                vst1_s8(out, bytes);
                memcpy(c + (row + r) * c_stride + first, out, channels);
            }
        }
    }
}
#endif
