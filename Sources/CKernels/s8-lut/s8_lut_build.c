// Lookup tables of 8-bit activations (LOGISTIC, TANH), built with single-precision libm exactly as TFLite's
// reference builds them (LUTPopulate): dequantize in float, apply the function in float, round half away from zero
// after multiplying by the inverse output scale, add the zero point, clamp. The table is indexed by the input byte.
#include <math.h>

#include "ckernels.h"

static float ck_logistic(float x) { return 1.0f / (1.0f + expf(-x)); }

void ck_s8_lut_build(ck_s8_lut_function function, float input_scale, int32_t input_zero_point, float output_scale,
                     int32_t output_zero_point, int8_t table[256]) {
    const float inverse_scale = 1.0f / output_scale;
    for (int32_t value = -128; value <= 127; value++) {
        const float dequantized = input_scale * (float)(value - input_zero_point);
        const float transformed = function == CK_S8_LUT_LOGISTIC ? ck_logistic(dequantized) : tanhf(dequantized);
        int32_t quantized = -128;
        if (!isnan(transformed) && !isinf(transformed)) {
            const float rescaled = roundf(transformed * inverse_scale);
            // A hostile scale can make `rescaled` huge: clamp in float before converting.
            const float bounded = fminf(fmaxf(rescaled + (float)output_zero_point, -128.0f), 127.0f);
            quantized = (int32_t)bounded;
        }
        table[(uint8_t)(int8_t)value] = (int8_t)quantized;
    }
}

void ck_s8_lut_apply(const int8_t table[256], const int8_t *input, int8_t *output, size_t count) {
    for (size_t i = 0; i < count; i++) output[i] = table[(uint8_t)input[i]];
}
