// Scalar GEMM, one row by one channel: the oracle. Panels of one channel: int32 bias, then k weights.
#include <string.h>
#include "ckernels.h"
#include "../internal/requant_scalar.h"
#include "../internal/variants.h"

void ck_qs8_gemm_1x1c1_scalar(CK_GEMM_ARGS) {
    const uint8_t* panel = (const uint8_t*)packed_w;
    for (size_t j = 0; j < n; j++, panel += sizeof(int32_t) + k) {
        int32_t bias;
        memcpy(&bias, panel, sizeof bias);
        const int8_t* w = (const int8_t*)(panel + sizeof(int32_t));
        for (size_t i = 0; i < m; i++) {
            const int8_t* row = a + i * a_stride;
            uint32_t acc = (uint32_t)bias;
            for (size_t t = 0; t < k; t++) acc += (uint32_t)((int32_t)row[t] * (int32_t)w[t]);
            c[i * c_stride + j] = ck_requant_one_scalar((int32_t)acc, params->multiplier[j], params->shift[j],
                                                        params->output_zero_point, params->output_min,
                                                        params->output_max, params->single_rounding);
        }
    }
}
