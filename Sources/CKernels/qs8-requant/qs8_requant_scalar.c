// Scalar requantization: the oracle for every variant.
#include "ckernels.h"
#include "../internal/requant_scalar.h"

int32_t ck_multiply_by_quantized_multiplier(int32_t value, int32_t multiplier, int32_t shift) {
    return ck_mbqm_scalar(value, multiplier, shift);
}

void ck_qs8_requant_scalar(size_t m, size_t n, const int32_t* acc, size_t acc_stride, int8_t* out, size_t out_stride,
                           const ck_qs8_requant_params* p) {
    for (size_t i = 0; i < m; i++) {
        for (size_t j = 0; j < n; j++) {
            out[i * out_stride + j] = ck_requant_one_scalar(acc[i * acc_stride + j], p->multiplier[j], p->shift[j],
                                                            p->output_zero_point, p->output_min, p->output_max,
                                                            p->single_rounding);
        }
    }
}

int32_t ck_multiply_by_quantized_multiplier_single_rounding(int32_t value, int32_t multiplier, int32_t shift) {
    return ck_mbqm_single_scalar(value, multiplier, shift);
}
