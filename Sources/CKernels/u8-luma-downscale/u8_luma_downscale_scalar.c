// Box downscale of a luma plane by an integer factor: the oracle (formula in ck_image.h).
#include "ck_image.h"

void ck_u8_luma_downscale_scalar(const uint8_t *src, size_t row_stride, size_t pixel_stride, size_t factor,
                                 size_t out_width, uint16_t *column_sums, uint8_t *out) {
    (void)column_sums;
    uint32_t area = (uint32_t)(factor * factor);
    uint32_t reciprocal = (65536u + area / 2) / area;
    for (size_t i = 0; i < out_width; i++) {
        uint32_t sum = 0;
        for (size_t r = 0; r < factor; r++)
            for (size_t k = 0; k < factor; k++) sum += src[r * row_stride + (factor * i + k) * pixel_stride];
        out[i] = (uint8_t)((sum * reciprocal + 32768u) >> 16);
    }
}
