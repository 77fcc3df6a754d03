// im2col for convolutions run as a GEMM. Pure data movement: one portable version serves every variant.
#include <string.h>
#include "ckernels.h"

/// Copies n bytes with fixed-size moves (inlined by the compiler) instead of a library call per tap: a stem
/// convolution copies 3-byte pixels 9 times per output pixel, where calling memcpy would cost more than the GEMM.
static inline void copy_short(int8_t* dst, const int8_t* src, size_t n) {
    if (n >= 8) {
        size_t i = 0;
        for (; i + 8 <= n; i += 8) memcpy(dst + i, src + i, 8);
        if (i < n) memcpy(dst + n - 8, src + n - 8, 8);  // overlapping tail
    } else if (n >= 4) {
        memcpy(dst, src, 4);
        memcpy(dst + n - 4, src + n - 4, 4);
    } else {
        for (size_t i = 0; i < n; i++) dst[i] = src[i];
    }
}

void ck_qs8_im2col(const ck_conv_geometry* g, const int8_t* input, int8_t input_zero_point, size_t first_pixel,
                   size_t pixel_count, size_t row_stride, int8_t* out) {
    const size_t channels = g->channels;
    const size_t row_bytes = g->kernel_height * g->kernel_width * channels;
    const size_t window_row = g->kernel_width * channels;  // bytes of one kernel row when dilation_width is 1
    for (size_t pixel = first_pixel; pixel < first_pixel + pixel_count; pixel++) {
        int8_t* row = out;
        const ptrdiff_t oy = (ptrdiff_t)(pixel / g->output_width), ox = (ptrdiff_t)(pixel % g->output_width);
        const ptrdiff_t left = ox * (ptrdiff_t)g->stride_width - (ptrdiff_t)g->padding_left;
        const ptrdiff_t right = left + (ptrdiff_t)((g->kernel_width - 1) * g->dilation_width);
        const int columns_inside = left >= 0 && right < (ptrdiff_t)g->input_width;
        for (size_t ky = 0; ky < g->kernel_height; ky++) {
            const ptrdiff_t iy = oy * (ptrdiff_t)g->stride_height - (ptrdiff_t)g->padding_top +
                                 (ptrdiff_t)(ky * g->dilation_height);
            if (iy < 0 || iy >= (ptrdiff_t)g->input_height) {
                memset(out, (uint8_t)input_zero_point, window_row);
                out += window_row;
                continue;
            }
            const int8_t* source_row = input + (size_t)iy * g->input_width * channels;
            if (columns_inside && g->dilation_width == 1) {
                copy_short(out, source_row + (size_t)left * channels, window_row);
                out += window_row;
                continue;
            }
            for (size_t kx = 0; kx < g->kernel_width; kx++) {
                const ptrdiff_t ix = left + (ptrdiff_t)(kx * g->dilation_width);
                if (ix >= 0 && ix < (ptrdiff_t)g->input_width) {
                    copy_short(out, source_row + (size_t)ix * channels, channels);
                } else {
                    memset(out, (uint8_t)input_zero_point, channels);
                }
                out += channels;
            }
        }
        if (row_stride > row_bytes) memset(out, 0, row_stride - row_bytes);
        out = row + row_stride;
    }
}
