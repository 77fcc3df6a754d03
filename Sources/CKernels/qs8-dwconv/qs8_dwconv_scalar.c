// Scalar depthwise convolution, any depth multiplier: the oracle. Follows TFLite's reference loop: taps outside the
// image are skipped, inside ones add (input - input_zero_point) * weight.
#include <string.h>
#include "ckernels.h"
#include "../internal/requant_scalar.h"
#include "../internal/variants.h"

void ck_qs8_dwconv_scalar(CK_DWCONV_ARGS) {
    const ck_conv_geometry* g = geometry;
    const size_t channels = g->channels, out_channels = channels * depth_multiplier;
    const int32_t* bias_bytes = (const int32_t*)packed_w;
    const int8_t* weights = (const int8_t*)packed_w + out_channels * sizeof(int32_t);
    for (size_t oy = first_row; oy < first_row + row_count; oy++) {
        for (size_t ox = 0; ox < g->output_width; ox++) {
            int8_t* out = output + (oy * g->output_width + ox) * out_channels;
            for (size_t o = 0; o < out_channels; o++) {
                const size_t c = o / depth_multiplier;
                int32_t bias;
                memcpy(&bias, bias_bytes + o, sizeof bias);
                uint32_t acc = (uint32_t)bias;
                for (size_t ky = 0; ky < g->kernel_height; ky++) {
                    const ptrdiff_t iy = (ptrdiff_t)(oy * g->stride_height) - (ptrdiff_t)g->padding_top +
                                         (ptrdiff_t)(ky * g->dilation_height);
                    if (iy < 0 || iy >= (ptrdiff_t)g->input_height) continue;
                    for (size_t kx = 0; kx < g->kernel_width; kx++) {
                        const ptrdiff_t ix = (ptrdiff_t)(ox * g->stride_width) - (ptrdiff_t)g->padding_left +
                                             (ptrdiff_t)(kx * g->dilation_width);
                        if (ix < 0 || ix >= (ptrdiff_t)g->input_width) continue;
                        const int32_t x = input[((size_t)iy * g->input_width + (size_t)ix) * channels + c];
                        const int32_t w = weights[(ky * g->kernel_width + kx) * out_channels + o];
                        acc += (uint32_t)((x - input_zero_point) * w);
                    }
                }
                out[o] = ck_requant_one_scalar((int32_t)acc, params->multiplier[o], params->shift[o],
                                               params->output_zero_point, params->output_min, params->output_max,
                                               params->single_rounding);
            }
        }
    }
}
