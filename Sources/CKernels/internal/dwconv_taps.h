// The taps of a depthwise window that fall inside the image, shared by the SIMD depthwise variants.
#ifndef CK_INTERNAL_DWCONV_TAPS_H
#define CK_INTERNAL_DWCONV_TAPS_H
#include <stddef.h>
#include <string.h>
#include "ckernels.h"
#include "requant_scalar.h"

/// Fills `offsets` with the input pixel offset (in pixels) of each tap inside the image and `taps` with the tap's
/// index in the kernel; returns how many. `capacity` bounds both arrays (kernel_height * kernel_width).
static inline size_t ck_dwconv_inside_taps(const ck_conv_geometry* g, size_t oy, size_t ox, size_t* offsets,
                                           size_t* taps) {
    size_t count = 0;
    for (size_t ky = 0; ky < g->kernel_height; ky++) {
        const ptrdiff_t iy = (ptrdiff_t)(oy * g->stride_height) - (ptrdiff_t)g->padding_top +
                             (ptrdiff_t)(ky * g->dilation_height);
        if (iy < 0 || iy >= (ptrdiff_t)g->input_height) continue;
        for (size_t kx = 0; kx < g->kernel_width; kx++) {
            const ptrdiff_t ix = (ptrdiff_t)(ox * g->stride_width) - (ptrdiff_t)g->padding_left +
                                 (ptrdiff_t)(kx * g->dilation_width);
            if (ix < 0 || ix >= (ptrdiff_t)g->input_width) continue;
            offsets[count] = (size_t)iy * g->input_width + (size_t)ix;
            taps[count] = ky * g->kernel_width + kx;
            count++;
        }
    }
    return count;
}

/// One output channel `c` of a pixel from its `count` inside taps, in scalar code: the SIMD variants' tail for the
/// channels past their last full vector (depth multiplier 1).
static inline int8_t ck_dwconv_channel_scalar(const int8_t* input, const void* packed_w, size_t channels, size_t c,
                                              const size_t* offsets, const size_t* taps, size_t count,
                                              int32_t input_zero_point, const ck_qs8_requant_params* params) {
    const int8_t* weights = (const int8_t*)packed_w + channels * sizeof(int32_t);
    int32_t bias;
    memcpy(&bias, (const uint8_t*)packed_w + c * sizeof(int32_t), sizeof bias);
    uint32_t acc = (uint32_t)bias;  // wraps like the reference's int32 accumulator
    for (size_t t = 0; t < count; t++) {
        acc += (uint32_t)(((int32_t)input[offsets[t] * channels + c] - input_zero_point) *
                          (int32_t)weights[taps[t] * channels + c]);
    }
    return ck_requant_one_scalar((int32_t)acc, params->multiplier[c], params->shift[c], params->output_zero_point,
                                 params->output_min, params->output_max, params->single_rounding);
}

/// Largest window the SIMD depthwise variants handle themselves (9x9); larger ones go to the scalar kernel.
#define CK_DWCONV_SIMD_MAX_TAPS 81
#endif
