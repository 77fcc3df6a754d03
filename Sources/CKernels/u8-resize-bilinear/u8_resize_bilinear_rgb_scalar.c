// One output row of a bilinear RGB resize with 7-bit weights: the oracle (formula in ck_image.h).
#include "ck_image.h"

void ck_u8_resize_bilinear_rgb_scalar(const uint8_t *row0, const uint8_t *row1, size_t row_bytes,
                                      const int32_t *x0_offsets, const int32_t *x1_offsets, const int32_t *x_weights,
                                      int32_t y_weight, size_t out_pixels, uint8_t xor_mask, uint8_t *out) {
    (void)row_bytes;
    for (size_t i = 0; i < out_pixels; i++) {
        int32_t w = x_weights[i];
        const uint8_t *a0 = row0 + x0_offsets[i], *b0 = row0 + x1_offsets[i];
        const uint8_t *a1 = row1 + x0_offsets[i], *b1 = row1 + x1_offsets[i];
        for (int c = 0; c < 3; c++) {
            int32_t h0 = a0[c] * (128 - w) + b0[c] * w;
            int32_t h1 = a1[c] * (128 - w) + b1[c] * w;
            out[3 * i + (size_t)c] = (uint8_t)(((h0 * (128 - y_weight) + h1 * y_weight + 8192) >> 14) ^ xor_mask);
        }
    }
}
