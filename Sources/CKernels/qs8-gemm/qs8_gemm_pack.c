// Weight packing shared by every GEMM variant; the variant's config says the tile.
#include <string.h>
#include "ckernels.h"

static size_t round_up(size_t value, size_t multiple) { return (value + multiple - 1) / multiple * multiple; }

size_t ck_qs8_gemm_packed_size(const ck_qs8_gemm_config* config, size_t n, size_t k) {
    size_t panels = (n + config->nr - 1) / config->nr;
    return panels * config->nr * (sizeof(int32_t) + round_up(k, config->kr));
}

void ck_qs8_gemm_pack(const ck_qs8_gemm_config* config, size_t n, size_t k, const int8_t* weights,
                      const int32_t* bias, int32_t a_zero_point, void* packed) {
    const size_t nr = config->nr, kr = config->kr, k_padded = round_up(k, kr);
    uint8_t* out = (uint8_t*)packed;
    for (size_t first = 0; first < n; first += nr) {
        for (size_t j = 0; j < nr; j++) {
            size_t channel = first + j;
            uint32_t folded = 0;
            if (channel < n) {
                int32_t weight_sum = 0;
                for (size_t t = 0; t < k; t++) weight_sum += weights[channel * k + t];
                // acc = sum (a - zp) w + bias = sum (a + offset) w + bias - (zp + offset) sum w; wraps like int32.
                folded = (uint32_t)(bias ? bias[channel] : 0) -
                         (uint32_t)(a_zero_point + config->a_offset) * (uint32_t)weight_sum;
            }
            memcpy(out + j * sizeof(int32_t), &folded, sizeof folded);
        }
        out += nr * sizeof(int32_t);
        for (size_t block = 0; block < k_padded; block += kr) {
            for (size_t j = 0; j < nr; j++) {
                for (size_t t = 0; t < kr; t++) {
                    size_t channel = first + j, depth = block + t;
                    *out++ = (channel < n && depth < k) ? (uint8_t)weights[channel * k + depth] : 0;
                }
            }
        }
    }
}
