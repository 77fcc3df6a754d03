// AVX2 depthwise convolution, depth multiplier 1, one output row at a time and 8 channels at a time.
//
// For a block of 8 channels the row's weights are widened once, two taps interleaved per register, so that one
// vpmaddwd adds two taps' products for 8 channels (each product is at most 255 * 128 in magnitude: exact in int32).
// Pixels whose whole window lies inside the image take a fast path: fixed tap offsets, and the input zero point
// folded into the bias (sum (x - zp) w = sum x w - zp sum w). Pixels at the border keep the reference's rule (taps
// outside the image are skipped) on a slower path. Channels past the last multiple of 8 go through scalar code.
#if defined(__x86_64__)
#include <string.h>
#include "ckernels.h"
#include "../internal/dwconv_taps.h"
#include "../internal/requant_avx2.h"
#include "../internal/requant_scalar.h"
#include "../internal/variants.h"

enum { MAX_PAIRS = (CK_DWCONV_SIMD_MAX_TAPS + 1) / 2 };

/// Two taps' 8 int8 values, interleaved per channel and widened: (c0 t0, c0 t1, c1 t0, c1 t1, ...) as int16.
__attribute__((target("avx2"))) static inline __m256i interleave8(const int8_t* t0, const int8_t* t1) {
    return _mm256_cvtepi8_epi16(_mm_unpacklo_epi8(_mm_loadl_epi64((const __m128i*)t0),
                                                  _mm_loadl_epi64((const __m128i*)t1)));
}

/// The general path for one pixel's 8 channels: only the taps inside the image, zero point subtracted per tap.
__attribute__((target("avx2"))) static inline __m256i border8(const int8_t* input, const int8_t* weights,
                                                              size_t channels, const size_t* offsets,
                                                              const size_t* taps, size_t count, __m256i acc,
                                                              __m128i izp) {
    for (size_t t = 0; t < count; t++) {
        __m128i x = _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i*)(input + offsets[t] * channels)));
        __m128i w = _mm_cvtepi8_epi16(_mm_loadl_epi64((const __m128i*)(weights + taps[t] * channels)));
        acc = _mm256_add_epi32(acc, _mm256_cvtepi16_epi32(_mm_mullo_epi16(_mm_sub_epi16(x, izp), w)));
    }
    return acc;
}

__attribute__((target("avx2"))) void ck_qs8_dwconv_8c_avx2(CK_DWCONV_ARGS) {
    const ck_conv_geometry* g = geometry;
    const size_t tap_count = g->kernel_height * g->kernel_width;
    if (depth_multiplier != 1 || tap_count > CK_DWCONV_SIMD_MAX_TAPS) {
        ck_qs8_dwconv_scalar(geometry, depth_multiplier, input_zero_point, input, packed_w, output, params,
                             first_row, row_count);
        return;
    }
    const size_t channels = g->channels, pairs = (tap_count + 1) / 2;
    const int32_t* bias = (const int32_t*)packed_w;
    const int8_t* weights = (const int8_t*)packed_w + channels * sizeof(int32_t);
    const __m128i izp = _mm_set1_epi16((int16_t)input_zero_point);
    const __m256i zp = _mm256_set1_epi32(params->output_zero_point);
    const __m256i lo = _mm256_set1_epi32(params->output_min);
    const __m256i hi = _mm256_set1_epi32(params->output_max);
    static const int8_t zeros[8] = {0};

    // Byte offset of each tap from the window's top-left pixel when the window is inside the image; an odd tap
    // count is padded with a tap of weight zero that rereads the last one.
    size_t delta[2 * MAX_PAIRS];
    for (size_t t = 0; t < tap_count; t++) {
        const size_t ky = t / g->kernel_width, kx = t % g->kernel_width;
        delta[t] = (ky * g->dilation_height * g->input_width + kx * g->dilation_width) * channels;
    }
    delta[tap_count] = delta[tap_count - 1];

    // Output columns whose window is inside the image horizontally: [x_first, x_end).
    const ptrdiff_t span_w = (ptrdiff_t)((g->kernel_width - 1) * g->dilation_width);
    const ptrdiff_t sw = (ptrdiff_t)g->stride_width, pl = (ptrdiff_t)g->padding_left;
    const ptrdiff_t last_fit = (ptrdiff_t)g->input_width - 1 + pl - span_w;  // ox * sw <= last_fit
    size_t x_first = (size_t)((pl + sw - 1) / sw);
    size_t x_end = last_fit < 0 ? 0 : (size_t)(last_fit / sw) + 1;
    if (x_end > g->output_width) x_end = g->output_width;
    if (x_first > x_end) x_first = x_end;

    // Requantization constants of the first blocks of 8 channels, for the border pixels (computed once per call).
    enum { CACHED_BLOCKS = 32 };
    ck_avx2_requant8 cached[CACHED_BLOCKS];
    const size_t vector_channels = channels / 8 * 8;
    const size_t cached_blocks = vector_channels / 8 < CACHED_BLOCKS ? vector_channels / 8 : CACHED_BLOCKS;
    for (size_t block = 0; block < cached_blocks; block++) {
        cached[block] = ck_avx2_requant8_load(params->multiplier + 8 * block, params->shift + 8 * block,
                                              params->single_rounding);
    }
    size_t offsets[CK_DWCONV_SIMD_MAX_TAPS], taps[CK_DWCONV_SIMD_MAX_TAPS];
    __m256i w16[MAX_PAIRS];
    for (size_t oy = first_row; oy < first_row + row_count; oy++) {
        const ptrdiff_t iy = (ptrdiff_t)(oy * g->stride_height) - (ptrdiff_t)g->padding_top;
        const int rows_inside =
            iy >= 0 && iy + (ptrdiff_t)((g->kernel_height - 1) * g->dilation_height) < (ptrdiff_t)g->input_height;
        const size_t fast_first = rows_inside ? x_first : 0, fast_end = rows_inside ? x_end : 0;
        int8_t* out_row = output + oy * g->output_width * channels;

        // Inside the image: block by block, the block's widened weights kept for the whole row.
        for (size_t c = 0; c < vector_channels && fast_first < fast_end; c += 8) {
            const int8_t* w = weights + c;
            __m256i weight_sum = _mm256_setzero_si256();
            const __m256i zp_pair = _mm256_set1_epi16((int16_t)input_zero_point);
            for (size_t p = 0; p < pairs; p++) {
                const size_t t0 = 2 * p, t1 = 2 * p + 1;
                w16[p] = interleave8(w + t0 * channels, t1 < tap_count ? w + t1 * channels : zeros);
                weight_sum = _mm256_add_epi32(weight_sum, _mm256_madd_epi16(w16[p], zp_pair));
            }
            // bias - zp * sum w, wrapping like the reference's int32 accumulator.
            const __m256i folded = _mm256_sub_epi32(_mm256_loadu_si256((const __m256i*)(bias + c)), weight_sum);
            const ck_avx2_requant8 rq = c / 8 < cached_blocks ? cached[c / 8]
                : ck_avx2_requant8_load(params->multiplier + c, params->shift + c, params->single_rounding);
            const int8_t* window = input + c + ((size_t)iy * g->input_width + fast_first * g->stride_width -
                                                g->padding_left) * channels;
            const size_t window_step = g->stride_width * channels;
            for (size_t ox = fast_first; ox < fast_end; ox++, window += window_step) {
                __m256i acc = folded;
                for (size_t p = 0; p < pairs; p++) {
                    const __m256i x = interleave8(window + delta[2 * p], window + delta[2 * p + 1]);
                    acc = _mm256_add_epi32(acc, _mm256_madd_epi16(x, w16[p]));
                }
                uint64_t bytes = ck_avx2_narrow8(ck_avx2_requant8_clamp(acc, &rq, zp, lo, hi));
                memcpy(out_row + ox * channels + c, &bytes, 8);
            }
        }

        // At the border, and channels past the last block of 8: pixel by pixel, taps inside the image only.
        for (size_t ox = 0; ox < g->output_width; ox++) {
            const int fast = ox >= fast_first && ox < fast_end;
            if (fast && vector_channels == channels) continue;
            const size_t count = ck_dwconv_inside_taps(g, oy, ox, offsets, taps);
            int8_t* out = out_row + ox * channels;
            for (size_t c = 0; c < vector_channels && !fast; c += 8) {
                const __m256i acc = border8(input + c, weights + c, channels, offsets, taps, count,
                                            _mm256_loadu_si256((const __m256i*)(bias + c)), izp);
                const ck_avx2_requant8 rq = c / 8 < cached_blocks ? cached[c / 8]
                    : ck_avx2_requant8_load(params->multiplier + c, params->shift + c, params->single_rounding);
                uint64_t bytes = ck_avx2_narrow8(ck_avx2_requant8_clamp(acc, &rq, zp, lo, hi));
                memcpy(out + c, &bytes, 8);
            }
            for (size_t c = vector_channels; c < channels; c++) {
                out[c] = ck_dwconv_channel_scalar(input, packed_w, channels, c, offsets, taps, count, input_zero_point,
                                                  params);
            }
        }
    }
}
#endif
