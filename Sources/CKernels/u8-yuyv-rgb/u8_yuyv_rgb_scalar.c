// YUYV -> RGB, BT.601 limited range, integer: the oracle (formula in ck_image.h).
#include "ck_image.h"

static inline uint8_t clamp_u8(int32_t v) { return (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v); }

void ck_u8_yuyv_rgb_scalar(const uint8_t *yuyv, uint8_t *rgb, size_t pixels) {
    for (size_t i = 0; i + 1 < pixels; i += 2) {
        const uint8_t *m = yuyv + 2 * i;
        int32_t d = (int32_t)m[1] - 128, e = (int32_t)m[3] - 128;
        for (int k = 0; k < 2; k++) {
            int32_t c = (int32_t)m[2 * k] - 16;
            uint8_t *o = rgb + 3 * (i + (size_t)k);
            o[0] = clamp_u8((298 * c + 409 * e + 128) >> 8);
            o[1] = clamp_u8((298 * c - 100 * d - 208 * e + 128) >> 8);
            o[2] = clamp_u8((298 * c + 516 * d + 128) >> 8);
        }
    }
}
