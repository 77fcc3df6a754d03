#ifndef CLOSETD_CKERNELS_H
#define CLOSETD_CKERNELS_H
// closetd's SIMD kernels. Naming: <datatype>-<op>/<datatype>_<op>_<tile>_<isa>.c, e.g. qs8-gemm/qs8_gemm_4x8c4_neondot.c.
// Every family has a scalar variant, always built, which is the oracle the other variants are tested against.
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// CPU features the kernels can use, as bit flags.
enum ck_cpu_feature {
    CK_CPU_NEON = 1u << 0,
    CK_CPU_NEONDOT = 1u << 1,
    CK_CPU_AVX2 = 1u << 2,
    CK_CPU_AVX512VNNI = 1u << 3,
};

/// The features of the CPU this process runs on, detected once.
uint32_t ck_cpu_features(void);

#ifdef __cplusplus
}
#endif
#endif
