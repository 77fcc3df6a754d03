// Scalar element-wise MUL: the oracle, TFLite's reference integer arithmetic.
#include "ckernels.h"
#include "../internal/requant_scalar.h"
#include "../internal/variants.h"

void ck_qs8_vmul_scalar(size_t n, const int8_t* a, size_t a_stride, const int8_t* b, size_t b_stride, int8_t* out,
                        const ck_qs8_vmul_params* p) {
    for (size_t i = 0; i < n; i++) {
        // Both factors lie within [-255, 255], so the product fits in int32.
        int32_t product = (a[i * a_stride] + p->a_offset) * (b[i * b_stride] + p->b_offset);
        out[i] = ck_requant_one_scalar(product, p->out_multiplier, p->out_shift, p->out_zero_point, p->out_min,
                                       p->out_max, 0);
    }
}
