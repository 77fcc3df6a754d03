// Checks every image-kernel variant this CPU runs against the scalar oracle, bit-exact, on odd sizes. Built by
// tools/test-image-kernels-arm.sh for aarch64 and run under qemu-aarch64 (also builds and runs natively).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ck_image.h"

static uint64_t state = 12345;
static uint8_t next_byte(void) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return (uint8_t)(state >> 56);
}

static int failures = 0;

static void check(const char *what, const char *isa, size_t size, const uint8_t *a, const uint8_t *b, size_t n) {
    if (memcmp(a, b, n) != 0) {
        size_t i = 0;
        while (a[i] == b[i]) i++;
        printf("FAIL %s %s size %zu: byte %zu is %u, scalar gives %u\n", what, isa, size, i, a[i], b[i]);
        failures++;
    }
}

static void test_yuyv(const struct ck_image_kernels *k, const char *isa) {
    static const size_t sizes[] = {2, 14, 16, 18, 30, 32, 34, 62, 640, 1282};
    for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
        size_t n = sizes[s];
        uint8_t *in = malloc(2 * n), *ref = malloc(3 * n), *out = malloc(3 * n);
        for (size_t i = 0; i < 2 * n; i++) in[i] = next_byte();
        if (n >= 4) { in[0] = 0; in[1] = 255; in[2] = 255; in[3] = 0; }  // extremes saturate both ways
        ck_u8_yuyv_rgb_scalar(in, ref, n);
        k->yuyv_rgb(in, out, n);
        check("yuyv_rgb", isa, n, out, ref, 3 * n);
        free(in), free(ref), free(out);
    }
}

static void test_resize(const struct ck_image_kernels *k, const char *isa) {
    static const size_t in_widths[] = {1, 3, 7, 33, 640, 101};
    static const size_t out_widths[] = {5, 9, 17, 31, 192, 333};
    for (size_t s = 0; s < 6; s++) {
        size_t iw = in_widths[s], ow = out_widths[s], row_bytes = 3 * iw;
        uint8_t *r0 = malloc(row_bytes), *r1 = malloc(row_bytes), *ref = malloc(3 * ow), *out = malloc(3 * ow);
        int32_t *o0 = malloc(4 * ow), *o1 = malloc(4 * ow), *w = malloc(4 * ow);
        for (size_t i = 0; i < row_bytes; i++) r0[i] = next_byte(), r1[i] = next_byte();
        for (size_t i = 0; i < ow; i++) {
            size_t x = i * iw / ow;
            o0[i] = (int32_t)(3 * x);
            o1[i] = (int32_t)(3 * (x + 1 < iw ? x + 1 : x));
            w[i] = next_byte() % 129;
        }
        for (int32_t wy = 0; wy <= 128; wy += 37)
            for (int flip = 0; flip < 2; flip++) {
                ck_u8_resize_bilinear_rgb_scalar(r0, r1, row_bytes, o0, o1, w, wy, ow, flip ? 0x80 : 0, ref);
                k->resize_bilinear_rgb(r0, r1, row_bytes, o0, o1, w, wy, ow, flip ? 0x80 : 0, out);
                check("resize_bilinear_rgb", isa, ow, out, ref, 3 * ow);
            }
        free(r0), free(r1), free(ref), free(out), free(o0), free(o1), free(w);
    }
}

static void test_luma(const struct ck_image_kernels *k, const char *isa) {
    static const size_t factors[] = {1, 2, 3, 4, 5, 8, 16};
    static const size_t widths[] = {1, 7, 13, 40, 80, 3};
    for (size_t f = 0; f < 7; f++)
        for (size_t s = 0; s < 6; s++)
            for (size_t stride = 1; stride <= 2; stride++) {
                size_t factor = factors[f], ow = widths[s], row = factor * ow * stride + 3;
                uint8_t *src = malloc(row * factor), *ref = malloc(ow), *out = malloc(ow);
                uint16_t *scratch = malloc(2 * factor * ow);
                for (size_t i = 0; i < row * factor; i++) src[i] = (s == 5) ? 255 : next_byte();
                ck_u8_luma_downscale_scalar(src, row, stride, factor, ow, scratch, ref);
                k->luma_downscale(src, row, stride, factor, ow, scratch, out);
                check("luma_downscale", isa, factor * 1000 + ow, out, ref, ow);
                free(src), free(ref), free(out), free(scratch);
            }
}

int main(void) {
    static const struct { enum ck_image_isa isa; const char *name; } variants[] = {
        {CK_IMAGE_SCALAR, "scalar"}, {CK_IMAGE_AVX2, "avx2"}, {CK_IMAGE_NEON, "neon"}};
    int tested = 0;
    for (int v = 0; v < 3; v++) {
        const struct ck_image_kernels *k = ck_image_kernels_for(variants[v].isa);
        if (!k) {
            printf("skipped %s: not available on this CPU\n", variants[v].name);
            continue;
        }
        test_yuyv(k, variants[v].name);
        test_resize(k, variants[v].name);
        test_luma(k, variants[v].name);
        printf("tested %s\n", variants[v].name);
        tested++;
    }
    if (failures) {
        printf("%d failures\n", failures);
        return 1;
    }
    printf("image kernels: %d variants bit-exact with scalar\n", tested);
    return 0;
}
