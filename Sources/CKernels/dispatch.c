// Kernel selection: one table per variant, filled at compile time; the CPU decides at run time which are usable.
#include <string.h>
#include "ckernels.h"
#include "internal/variants.h"

static const ck_kernels scalar_kernels = {
    .name = "scalar",
    .variant = CK_VARIANT_SCALAR,
    .gemm = {.run = ck_qs8_gemm_1x1c1_scalar, .mr = 1, .nr = 1, .kr = 1, .a_offset = 0},
    .dwconv = ck_qs8_dwconv_scalar,
    .requant = ck_qs8_requant_scalar,
    .vadd = ck_qs8_vadd_scalar,
    .vmul = ck_qs8_vmul_scalar,
};

#if defined(__x86_64__)
static const ck_kernels avx2_kernels = {
    .name = "avx2",
    .variant = CK_VARIANT_AVX2,
    .gemm = {.run = ck_qs8_gemm_4x16c2_avx2, .mr = 4, .nr = 16, .kr = 2, .a_offset = 0},
    .dwconv = ck_qs8_dwconv_8c_avx2,
    .requant = ck_qs8_requant_avx2,
    .vadd = ck_qs8_vadd_8x_avx2,
    .vmul = ck_qs8_vmul_8x_avx2,
};
#endif

#if defined(__aarch64__)
static const ck_kernels neon_kernels = {
    .name = "neon",
    .variant = CK_VARIANT_NEON,
    .gemm = {.run = ck_qs8_gemm_2x8c8_neon, .mr = 2, .nr = 8, .kr = 8, .a_offset = 0},
    .dwconv = ck_qs8_dwconv_16c_neon,
    .requant = ck_qs8_requant_neon,
    .vadd = ck_qs8_vadd_8x_neon,
    .vmul = ck_qs8_vmul_8x_neon,
};
static const ck_kernels neondot_kernels = {
    .name = "neondot",
    .variant = CK_VARIANT_NEONDOT,
    .gemm = {.run = ck_qs8_gemm_4x8c4_neondot, .mr = 4, .nr = 8, .kr = 4, .a_offset = 0},
    .dwconv = ck_qs8_dwconv_16c_neon,  // sdot does not help depthwise windows
    .requant = ck_qs8_requant_neon,
    .vadd = ck_qs8_vadd_8x_neon,
    .vmul = ck_qs8_vmul_8x_neon,
};
#endif

const ck_kernels* ck_kernels_for_variant(ck_variant variant) {
    const uint32_t features = ck_cpu_features();
    (void)features;
    switch (variant) {
    case CK_VARIANT_SCALAR:
        return &scalar_kernels;
#if defined(__x86_64__)
    case CK_VARIANT_AVX2:
        return (features & CK_CPU_AVX2) ? &avx2_kernels : NULL;
#endif
#if defined(__aarch64__)
    case CK_VARIANT_NEON:
        return (features & CK_CPU_NEON) ? &neon_kernels : NULL;
    case CK_VARIANT_NEONDOT:
        return (features & CK_CPU_NEONDOT) ? &neondot_kernels : NULL;
#endif
    default:
        return NULL;  // not built for this architecture (AVX-512 VNNI kernels are not written yet)
    }
}

const ck_kernels* ck_kernels_best(void) {
    static const ck_variant preference[] = {CK_VARIANT_AVX512VNNI, CK_VARIANT_AVX2, CK_VARIANT_NEONDOT,
                                            CK_VARIANT_NEON};
    for (size_t i = 0; i < sizeof preference / sizeof preference[0]; i++) {
        const ck_kernels* kernels = ck_kernels_for_variant(preference[i]);
        if (kernels) return kernels;
    }
    return &scalar_kernels;
}

int ck_variant_from_name(const char* name) {
    static const char* const names[CK_VARIANT_COUNT] = {"scalar", "neon", "neondot", "avx2", "avx512vnni"};
    for (int i = 0; i < CK_VARIANT_COUNT; i++) {
        if (strcmp(name, names[i]) == 0) return i;
    }
    return -1;
}
