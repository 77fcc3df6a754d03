// Declarations of every kernel variant, for the dispatch table and the tests. Not part of the public header.
#ifndef CK_INTERNAL_VARIANTS_H
#define CK_INTERNAL_VARIANTS_H
#include "ckernels.h"

#define CK_GEMM_ARGS                                                                                               \
    size_t m, size_t n, size_t k, const int8_t *a, size_t a_stride, const void *packed_w, int8_t *c, size_t c_stride, \
        const ck_qs8_requant_params *params
#define CK_DWCONV_ARGS                                                                                           \
    const ck_conv_geometry *geometry, size_t depth_multiplier, int32_t input_zero_point, const int8_t *input,     \
        const void *packed_w, int8_t *output, const ck_qs8_requant_params *params, size_t first_row,             \
        size_t row_count
#define CK_VMUL_ARGS                                                                                             \
    size_t n, const int8_t *a, size_t a_stride, const int8_t *b, size_t b_stride, int8_t *out,                    \
        const ck_qs8_vmul_params *p
#define CK_REQUANT_ARGS                                                                                          \
    size_t m, size_t n, const int32_t *acc, size_t acc_stride, int8_t *out, size_t out_stride,                   \
        const ck_qs8_requant_params *params

void ck_qs8_gemm_1x1c1_scalar(CK_GEMM_ARGS);
void ck_qs8_dwconv_scalar(CK_DWCONV_ARGS);
void ck_qs8_requant_scalar(CK_REQUANT_ARGS);
void ck_qs8_vadd_scalar(size_t n, const int8_t *a, const int8_t *b, int8_t *out, const ck_qs8_vadd_params *p);
void ck_qs8_vmul_scalar(CK_VMUL_ARGS);

#if defined(__x86_64__)
void ck_qs8_gemm_4x16c2_avx2(CK_GEMM_ARGS);
void ck_qs8_dwconv_8c_avx2(CK_DWCONV_ARGS);
void ck_qs8_requant_avx2(CK_REQUANT_ARGS);
void ck_qs8_vadd_8x_avx2(size_t n, const int8_t *a, const int8_t *b, int8_t *out, const ck_qs8_vadd_params *p);
void ck_qs8_vmul_8x_avx2(CK_VMUL_ARGS);
#endif

#if defined(__aarch64__)
void ck_qs8_gemm_2x8c8_neon(CK_GEMM_ARGS);
void ck_qs8_gemm_4x8c4_neondot(CK_GEMM_ARGS);
void ck_qs8_dwconv_16c_neon(CK_DWCONV_ARGS);
void ck_qs8_requant_neon(CK_REQUANT_ARGS);
void ck_qs8_vadd_8x_neon(size_t n, const int8_t *a, const int8_t *b, int8_t *out, const ck_qs8_vadd_params *p);
void ck_qs8_vmul_8x_neon(CK_VMUL_ARGS);
#endif
#endif
