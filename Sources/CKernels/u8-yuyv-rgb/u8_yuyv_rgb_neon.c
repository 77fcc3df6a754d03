// YUYV -> RGB with NEON, 16 pixels per step (even and odd pixels apart, then zipped), bit-exact with the scalar.
#if defined(__aarch64__)
#include <arm_neon.h>

#include "ck_image.h"

// (a x + b y + 128) >> 8 in 32 bits, narrowed with saturation to int16 (then to uint8 by the caller).
static inline int16x8_t combine(int16x8_t x, int16_t a, int16x8_t y, int16_t b, int16x8_t z, int16_t c) {
    int32x4_t lo = vmull_n_s16(vget_low_s16(x), a);
    int32x4_t hi = vmull_n_s16(vget_high_s16(x), a);
    lo = vmlal_n_s16(lo, vget_low_s16(y), b);
    hi = vmlal_n_s16(hi, vget_high_s16(y), b);
    lo = vmlal_n_s16(lo, vget_low_s16(z), c);
    hi = vmlal_n_s16(hi, vget_high_s16(z), c);
    lo = vaddq_s32(lo, vdupq_n_s32(128));
    hi = vaddq_s32(hi, vdupq_n_s32(128));
    return vcombine_s16(vqmovn_s32(vshrq_n_s32(lo, 8)), vqmovn_s32(vshrq_n_s32(hi, 8)));
}

static inline void convert(int16x8_t c, int16x8_t d, int16x8_t e, uint8x8_t *r, uint8x8_t *g, uint8x8_t *b) {
    int16x8_t zero = vdupq_n_s16(0);
    *r = vqmovun_s16(combine(c, 298, e, 409, zero, 0));
    *g = vqmovun_s16(combine(c, 298, d, -100, e, -208));
    *b = vqmovun_s16(combine(c, 298, d, 516, zero, 0));
}

void ck_u8_yuyv_rgb_neon(const uint8_t *yuyv, uint8_t *rgb, size_t pixels) {
    size_t i = 0;
    for (; i + 16 <= pixels; i += 16) {
        uint8x8x4_t m = vld4_u8(yuyv + 2 * i);  // Y even, U, Y odd, V for 8 macropixels
        int16x8_t d = vsubq_s16(vreinterpretq_s16_u16(vmovl_u8(m.val[1])), vdupq_n_s16(128));
        int16x8_t e = vsubq_s16(vreinterpretq_s16_u16(vmovl_u8(m.val[3])), vdupq_n_s16(128));
        int16x8_t c0 = vsubq_s16(vreinterpretq_s16_u16(vmovl_u8(m.val[0])), vdupq_n_s16(16));
        int16x8_t c1 = vsubq_s16(vreinterpretq_s16_u16(vmovl_u8(m.val[2])), vdupq_n_s16(16));
        uint8x8_t r0, g0, b0, r1, g1, b1;
        convert(c0, d, e, &r0, &g0, &b0);
        convert(c1, d, e, &r1, &g1, &b1);
        uint8x16x3_t out;
        out.val[0] = vcombine_u8(vzip1_u8(r0, r1), vzip2_u8(r0, r1));
        out.val[1] = vcombine_u8(vzip1_u8(g0, g1), vzip2_u8(g0, g1));
        out.val[2] = vcombine_u8(vzip1_u8(b0, b1), vzip2_u8(b0, b1));
        vst3q_u8(rgb + 3 * i, out);
    }
    if (i < pixels) ck_u8_yuyv_rgb_scalar(yuyv + 2 * i, rgb + 3 * i, pixels - i);
}
#endif
