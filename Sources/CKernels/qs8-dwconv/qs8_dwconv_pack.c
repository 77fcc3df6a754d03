// Depthwise weight packing shared by every variant: bias then TFLite's own [taps][channels] order.
#include <string.h>
#include "ckernels.h"

size_t ck_qs8_dwconv_packed_size(size_t kernel_size, size_t output_channels) {
    return output_channels * sizeof(int32_t) + kernel_size * output_channels;
}

void ck_qs8_dwconv_pack(size_t kernel_size, size_t output_channels, const int8_t* weights, const int32_t* bias,
                        void* packed) {
    uint8_t* out = (uint8_t*)packed;
    if (bias) {
        memcpy(out, bias, output_channels * sizeof(int32_t));
    } else {
        memset(out, 0, output_channels * sizeof(int32_t));
    }
    memcpy(out + output_channels * sizeof(int32_t), weights, kernel_size * output_channels);
}
