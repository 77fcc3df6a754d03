// AVX2 depthwise convolution, 16 channels per step (then 8, then single channels), depth multiplier 1.
// (input - zero_point) fits 9 bits and a weight 8, so their product is exact in int16 (|p| <= 255 * 128).
#if defined(__x86_64__)
#include <string.h>
#include "ckernels.h"
#include "../internal/dwconv_taps.h"
#include "../internal/requant_avx2.h"
#include "../internal/requant_scalar.h"
#include "../internal/variants.h"

__attribute__((target("avx2"))) void ck_qs8_dwconv_16c_avx2(CK_DWCONV_ARGS) {
    const ck_conv_geometry* g = geometry;
    if (depth_multiplier != 1 || g->kernel_height * g->kernel_width > CK_DWCONV_SIMD_MAX_TAPS) {
        ck_qs8_dwconv_scalar(geometry, depth_multiplier, input_zero_point, input, packed_w, output, params,
                             first_row, row_count);
        return;
    }
    const size_t channels = g->channels;
    const int32_t* bias = (const int32_t*)packed_w;
    const int8_t* weights = (const int8_t*)packed_w + channels * sizeof(int32_t);
    const __m256i izp16 = _mm256_set1_epi16((int16_t)input_zero_point);
    const __m256i zp = _mm256_set1_epi32(params->output_zero_point);
    const __m256i lo = _mm256_set1_epi32(params->output_min);
    const __m256i hi = _mm256_set1_epi32(params->output_max);
    size_t offsets[CK_DWCONV_SIMD_MAX_TAPS], taps[CK_DWCONV_SIMD_MAX_TAPS];
    // Requantization constants per block of 8 channels, computed once per call rather than once per pixel.
    enum { CACHED_BLOCKS = 64 };
    ck_avx2_requant8 cached[CACHED_BLOCKS];
    const size_t cached_blocks = channels / 8 < CACHED_BLOCKS ? channels / 8 : CACHED_BLOCKS;
    for (size_t block = 0; block < cached_blocks; block++) {
        cached[block] = ck_avx2_requant8_load(params->multiplier + 8 * block, params->shift + 8 * block,
                                              params->single_rounding);
    }

    for (size_t oy = first_row; oy < first_row + row_count; oy++) {
        for (size_t ox = 0; ox < g->output_width; ox++) {
            const size_t count = ck_dwconv_inside_taps(g, oy, ox, offsets, taps);
            int8_t* out = output + (oy * g->output_width + ox) * channels;
            size_t c = 0;
            for (; c + 16 <= channels; c += 16) {
                __m256i acc_lo = _mm256_loadu_si256((const __m256i*)(bias + c));
                __m256i acc_hi = _mm256_loadu_si256((const __m256i*)(bias + c + 8));
                // Taps in pairs: interleave two taps' 16-bit values so one vpmaddwd adds both products (each at most
                // 255 * 128 in magnitude, so the pair sum is exact in int32). Lanes come out as channels 0-3 | 8-11
                // and 4-7 | 12-15 and are put back in order at the end.
                __m256i pair_a = _mm256_setzero_si256(), pair_b = _mm256_setzero_si256();
                size_t t = 0;
                for (; t + 1 < count; t += 2) {
                    __m256i x0 = _mm256_sub_epi16(
                        _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(input + offsets[t] * channels + c))), izp16);
                    __m256i x1 = _mm256_sub_epi16(
                        _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(input + offsets[t + 1] * channels + c))),
                        izp16);
                    __m256i w0 = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(weights + taps[t] * channels + c)));
                    __m256i w1 =
                        _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(weights + taps[t + 1] * channels + c)));
                    pair_a = _mm256_add_epi32(pair_a, _mm256_madd_epi16(_mm256_unpacklo_epi16(x0, x1),
                                                                        _mm256_unpacklo_epi16(w0, w1)));
                    pair_b = _mm256_add_epi32(pair_b, _mm256_madd_epi16(_mm256_unpackhi_epi16(x0, x1),
                                                                        _mm256_unpackhi_epi16(w0, w1)));
                }
                acc_lo = _mm256_add_epi32(acc_lo, _mm256_permute2x128_si256(pair_a, pair_b, 0x20));
                acc_hi = _mm256_add_epi32(acc_hi, _mm256_permute2x128_si256(pair_a, pair_b, 0x31));
                for (; t < count; t++) {
                    __m256i x = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(input + offsets[t] * channels + c)));
                    __m256i w = _mm256_cvtepi8_epi16(_mm_loadu_si128((const __m128i*)(weights + taps[t] * channels + c)));
                    __m256i p = _mm256_mullo_epi16(_mm256_sub_epi16(x, izp16), w);
                    acc_lo = _mm256_add_epi32(acc_lo, _mm256_cvtepi16_epi32(_mm256_castsi256_si128(p)));
                    acc_hi = _mm256_add_epi32(acc_hi, _mm256_cvtepi16_epi32(_mm256_extracti128_si256(p, 1)));
                }
                ck_avx2_requant8 r0 = c / 8 < cached_blocks ? cached[c / 8]
                    : ck_avx2_requant8_load(params->multiplier + c, params->shift + c, params->single_rounding);
                ck_avx2_requant8 r1 = c / 8 + 1 < cached_blocks ? cached[c / 8 + 1]
                    : ck_avx2_requant8_load(params->multiplier + c + 8, params->shift + c + 8, params->single_rounding);
                uint64_t b0 = ck_avx2_narrow8(ck_avx2_requant8_clamp(acc_lo, &r0, zp, lo, hi));
                uint64_t b1 = ck_avx2_narrow8(ck_avx2_requant8_clamp(acc_hi, &r1, zp, lo, hi));
                memcpy(out + c, &b0, 8);
                memcpy(out + c + 8, &b1, 8);
            }
            for (; c + 8 <= channels; c += 8) {
                __m256i acc = _mm256_loadu_si256((const __m256i*)(bias + c));
                const __m128i izp = _mm256_castsi256_si128(izp16);
                for (size_t t = 0; t < count; t++) {
                    __m128i x = _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i*)(input + offsets[t] * channels + c)));
                    __m128i w = _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i*)(weights + taps[t] * channels + c)));
                    acc = _mm256_add_epi32(acc, _mm256_cvtepi16_epi32(_mm_mullo_epi16(_mm_sub_epi16(x, izp), w)));
                }
                ck_avx2_requant8 r = c / 8 < cached_blocks ? cached[c / 8]
                    : ck_avx2_requant8_load(params->multiplier + c, params->shift + c, params->single_rounding);
                uint64_t b = ck_avx2_narrow8(ck_avx2_requant8_clamp(acc, &r, zp, lo, hi));
                memcpy(out + c, &b, 8);
            }
            for (; c < channels; c++) {
                int32_t b;
                memcpy(&b, bias + c, sizeof b);
                uint32_t acc = (uint32_t)b;
                for (size_t t = 0; t < count; t++) {
                    acc += (uint32_t)(((int32_t)input[offsets[t] * channels + c] - input_zero_point) *
                                      (int32_t)weights[taps[t] * channels + c]);
                }
                out[c] = ck_requant_one_scalar((int32_t)acc, params->multiplier[c], params->shift[c],
                                               params->output_zero_point, params->output_min, params->output_max,
                                               params->single_rounding);
            }
        }
    }
}
#endif
