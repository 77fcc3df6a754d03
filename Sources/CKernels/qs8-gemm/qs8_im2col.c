// im2col for convolutions run as a GEMM. Pure data movement: one portable version serves every variant.
#include <string.h>
#include "ckernels.h"

void ck_qs8_im2col(const ck_conv_geometry* g, const int8_t* input, int8_t input_zero_point, size_t first_pixel,
                   size_t pixel_count, int8_t* out) {
    const size_t channels = g->channels;
    for (size_t pixel = first_pixel; pixel < first_pixel + pixel_count; pixel++) {
        const ptrdiff_t oy = (ptrdiff_t)(pixel / g->output_width), ox = (ptrdiff_t)(pixel % g->output_width);
        for (size_t ky = 0; ky < g->kernel_height; ky++) {
            const ptrdiff_t iy = oy * (ptrdiff_t)g->stride_height - (ptrdiff_t)g->padding_top +
                                 (ptrdiff_t)(ky * g->dilation_height);
            const int row_inside = iy >= 0 && iy < (ptrdiff_t)g->input_height;
            for (size_t kx = 0; kx < g->kernel_width; kx++) {
                const ptrdiff_t ix = ox * (ptrdiff_t)g->stride_width - (ptrdiff_t)g->padding_left +
                                     (ptrdiff_t)(kx * g->dilation_width);
                if (row_inside && ix >= 0 && ix < (ptrdiff_t)g->input_width) {
                    memcpy(out, input + ((size_t)iy * g->input_width + (size_t)ix) * channels, channels);
                } else {
                    memset(out, (uint8_t)input_zero_point, channels);
                }
                out += channels;
            }
        }
    }
}
