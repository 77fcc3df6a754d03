// Luma downscale with NEON: vertical sums 8 columns at a time in 16 bits (vld2 splits YUYV's Y samples out), then
// the horizontal groups. Bit-exact with the scalar.
#if defined(__aarch64__)
#include <arm_neon.h>

#include "ck_image.h"

void ck_u8_luma_downscale_neon(const uint8_t *src, size_t row_stride, size_t pixel_stride, size_t factor,
                               size_t out_width, uint16_t *column_sums, uint8_t *out) {
    size_t columns = factor * out_width;
    size_t x = 0;
    if (pixel_stride == 1) {
        for (; x + 8 <= columns; x += 8) {
            uint16x8_t acc = vdupq_n_u16(0);
            for (size_t r = 0; r < factor; r++) acc = vaddw_u8(acc, vld1_u8(src + r * row_stride + x));
            vst1q_u16(column_sums + x, acc);
        }
    } else if (pixel_stride == 2) {
        for (; x + 8 <= columns; x += 8) {
            uint16x8_t acc = vdupq_n_u16(0);
            for (size_t r = 0; r < factor; r++) acc = vaddw_u8(acc, vld2_u8(src + r * row_stride + 2 * x).val[0]);
            vst1q_u16(column_sums + x, acc);
        }
    }
    for (; x < columns; x++) {
        uint16_t sum = 0;
        for (size_t r = 0; r < factor; r++) sum = (uint16_t)(sum + src[r * row_stride + x * pixel_stride]);
        column_sums[x] = sum;
    }
    uint32_t area = (uint32_t)(factor * factor);
    uint32_t reciprocal = (65536u + area / 2) / area;
    for (size_t i = 0; i < out_width; i++) {
        uint32_t sum = 0;
        for (size_t k = 0; k < factor; k++) sum += column_sums[factor * i + k];
        out[i] = (uint8_t)((sum * reciprocal + 32768u) >> 16);
    }
}
#endif
