// Scalar element-wise ADD / SUB: the oracle, TFLite's reference integer arithmetic.
#include "ckernels.h"
#include "../internal/requant_scalar.h"
#include "../internal/variants.h"

void ck_qs8_vadd_scalar(size_t n, const int8_t* a, const int8_t* b, int8_t* out, const ck_qs8_vadd_params* p) {
    for (size_t i = 0; i < n; i++) {
        int32_t x = ck_mbqm_scalar((int32_t)((uint32_t)(a[i] + p->a_offset) << 20), p->a_multiplier, p->a_shift);
        int32_t y = ck_mbqm_scalar((int32_t)((uint32_t)(b[i] + p->b_offset) << 20), p->b_multiplier, p->b_shift);
        int32_t sum = (int32_t)(p->subtract ? (uint32_t)x - (uint32_t)y : (uint32_t)x + (uint32_t)y);
        out[i] = ck_requant_one_scalar(sum, p->out_multiplier, p->out_shift, p->out_zero_point, p->out_min,
                                       p->out_max, 0);
    }
}
