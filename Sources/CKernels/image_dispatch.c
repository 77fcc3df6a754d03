// Chooses the image kernels for this CPU, once; CLOSETD_KERNELS=scalar|neon|avx2 or ck_image_force_isa override it.
#include <stdlib.h>
#include <string.h>

#include "ck_image.h"
#include "ckernels.h"

static const struct ck_image_kernels scalar_kernels = {
    CK_IMAGE_SCALAR, ck_u8_yuyv_rgb_scalar, ck_u8_resize_bilinear_rgb_scalar, ck_u8_luma_downscale_scalar};
#if defined(__x86_64__)
static const struct ck_image_kernels avx2_kernels = {
    CK_IMAGE_AVX2, ck_u8_yuyv_rgb_avx2, ck_u8_resize_bilinear_rgb_avx2, ck_u8_luma_downscale_avx2};
#endif
#if defined(__aarch64__)
static const struct ck_image_kernels neon_kernels = {
    CK_IMAGE_NEON, ck_u8_yuyv_rgb_neon, ck_u8_resize_bilinear_rgb_neon, ck_u8_luma_downscale_neon};
#endif

int ck_image_isa_available(enum ck_image_isa isa) {
    switch (isa) {
    case CK_IMAGE_SCALAR: return 1;
#if defined(__x86_64__)
    case CK_IMAGE_AVX2: return (ck_cpu_features() & CK_CPU_AVX2) != 0;
#endif
#if defined(__aarch64__)
    case CK_IMAGE_NEON: return (ck_cpu_features() & CK_CPU_NEON) != 0;
#endif
    default: return 0;
    }
}

const struct ck_image_kernels *ck_image_kernels_for(enum ck_image_isa isa) {
    if (!ck_image_isa_available(isa)) return NULL;
    switch (isa) {
#if defined(__x86_64__)
    case CK_IMAGE_AVX2: return &avx2_kernels;
#endif
#if defined(__aarch64__)
    case CK_IMAGE_NEON: return &neon_kernels;
#endif
    default: return &scalar_kernels;
    }
}

static const struct ck_image_kernels *best(void) {
    const char *forced = getenv("CLOSETD_KERNELS");
    if (forced) {
        const struct ck_image_kernels *k = NULL;
        if (strcmp(forced, "scalar") == 0) k = ck_image_kernels_for(CK_IMAGE_SCALAR);
        else if (strcmp(forced, "avx2") == 0) k = ck_image_kernels_for(CK_IMAGE_AVX2);
        else if (strcmp(forced, "neon") == 0) k = ck_image_kernels_for(CK_IMAGE_NEON);
        if (k) return k;  // an unavailable or unknown choice falls back to the best the CPU runs
    }
    if (ck_image_isa_available(CK_IMAGE_AVX2)) return ck_image_kernels_for(CK_IMAGE_AVX2);
    if (ck_image_isa_available(CK_IMAGE_NEON)) return ck_image_kernels_for(CK_IMAGE_NEON);
    return &scalar_kernels;
}

static const struct ck_image_kernels *_Atomic selected = NULL;

const struct ck_image_kernels *ck_image_kernels(void) {
    const struct ck_image_kernels *k = selected;
    if (!k) {
        k = best();
        selected = k;
    }
    return k;
}

int ck_image_force_isa(enum ck_image_isa isa) {
    const struct ck_image_kernels *k = ck_image_kernels_for(isa);
    if (!k) return -1;
    selected = k;
    return 0;
}
