// Bilinear RGB resize row with NEON, 4 output pixels per step: horizontal blend in 16 bits, vertical in 32 bits with
// a rounding narrow. Bit-exact with the scalar.
#if defined(__aarch64__)
#include <arm_neon.h>
#include <string.h>

#include "ck_image.h"

static inline uint32x4_t load4(const uint8_t *row, const int32_t *offsets) {
    uint32_t v[4];
    for (int k = 0; k < 4; k++) memcpy(&v[k], row + offsets[k], 4);
    return vld1q_u32(v);
}

static inline uint16x8_t blend(uint8x8_t a, uint8x8_t b, uint16x8_t w, uint16x8_t w_inv) {
    return vmlaq_u16(vmulq_u16(vmovl_u8(a), w_inv), vmovl_u8(b), w);
}

void ck_u8_resize_bilinear_rgb_neon(const uint8_t *row0, const uint8_t *row1, size_t row_bytes,
                                    const int32_t *x0_offsets, const int32_t *x1_offsets, const int32_t *x_weights,
                                    int32_t y_weight, size_t out_pixels, uint8_t xor_mask, uint8_t *out) {
    static const uint8_t compact_bytes[16] = {0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 255, 255, 255, 255};
    const uint8x16_t compact = vld1q_u8(compact_bytes);
    const uint16x4_t vy = vdup_n_u16((uint16_t)y_weight), vy_inv = vdup_n_u16((uint16_t)(128 - y_weight));
    const uint8x16_t flip = vdupq_n_u8(xor_mask);
    size_t i = 0;
    for (; i + 4 <= out_pixels && (size_t)x1_offsets[i + 3] + 4 <= row_bytes; i += 4) {
        uint8x16_t p00 = vreinterpretq_u8_u32(load4(row0, x0_offsets + i));
        uint8x16_t p01 = vreinterpretq_u8_u32(load4(row0, x1_offsets + i));
        uint8x16_t p10 = vreinterpretq_u8_u32(load4(row1, x0_offsets + i));
        uint8x16_t p11 = vreinterpretq_u8_u32(load4(row1, x1_offsets + i));
        uint16_t w[8], wi[8];
        for (int k = 0; k < 8; k++) {
            w[k] = (uint16_t)x_weights[i + (size_t)(k / 4)];
            wi[k] = (uint16_t)(128 - w[k]);
        }
        uint16_t w2[8], wi2[8];
        for (int k = 0; k < 8; k++) {
            w2[k] = (uint16_t)x_weights[i + 2 + (size_t)(k / 4)];
            wi2[k] = (uint16_t)(128 - w2[k]);
        }
        uint16x8_t wl = vld1q_u16(w), wil = vld1q_u16(wi), wh = vld1q_u16(w2), wih = vld1q_u16(wi2);
        uint16x8_t h0l = blend(vget_low_u8(p00), vget_low_u8(p01), wl, wil);
        uint16x8_t h0h = blend(vget_high_u8(p00), vget_high_u8(p01), wh, wih);
        uint16x8_t h1l = blend(vget_low_u8(p10), vget_low_u8(p11), wl, wil);
        uint16x8_t h1h = blend(vget_high_u8(p10), vget_high_u8(p11), wh, wih);
        uint32x4_t v0 = vmlal_u16(vmull_u16(vget_low_u16(h0l), vy_inv), vget_low_u16(h1l), vy);
        uint32x4_t v1 = vmlal_u16(vmull_u16(vget_high_u16(h0l), vy_inv), vget_high_u16(h1l), vy);
        uint32x4_t v2 = vmlal_u16(vmull_u16(vget_low_u16(h0h), vy_inv), vget_low_u16(h1h), vy);
        uint32x4_t v3 = vmlal_u16(vmull_u16(vget_high_u16(h0h), vy_inv), vget_high_u16(h1h), vy);
        uint16x8_t lo = vcombine_u16(vrshrn_n_u32(v0, 14), vrshrn_n_u32(v1, 14));
        uint16x8_t hi = vcombine_u16(vrshrn_n_u32(v2, 14), vrshrn_n_u32(v3, 14));
        uint8x16_t bytes = veorq_u8(vcombine_u8(vmovn_u16(lo), vmovn_u16(hi)), flip);
        uint8x16_t packed = vqtbl1q_u8(bytes, compact);
        uint8_t tmp[16];
        vst1q_u8(tmp, packed);
        memcpy(out + 3 * i, tmp, 12);
    }
    if (i < out_pixels)
        ck_u8_resize_bilinear_rgb_scalar(row0, row1, row_bytes, x0_offsets + i, x1_offsets + i, x_weights + i,
                                         y_weight, out_pixels - i, xor_mask, out + 3 * i);
}
#endif
