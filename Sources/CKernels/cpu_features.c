// Detects, once, which kernel variants this CPU can run.
#include "ckernels.h"

#if defined(__aarch64__) && defined(__linux__)
#include <sys/auxv.h>
#ifndef HWCAP_ASIMD
#define HWCAP_ASIMD (1 << 1)
#endif
#ifndef HWCAP_ASIMDDP
#define HWCAP_ASIMDDP (1 << 20)
#endif
#endif

static uint32_t detect(void) {
    uint32_t features = 0;
#if defined(__aarch64__) && defined(__linux__)
    unsigned long hwcap = getauxval(AT_HWCAP);
    if (hwcap & HWCAP_ASIMD) features |= CK_CPU_NEON;
    if (hwcap & HWCAP_ASIMDDP) features |= CK_CPU_NEONDOT;
#elif defined(__aarch64__)
    features |= CK_CPU_NEON;
#elif defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) features |= CK_CPU_AVX2;
    if (__builtin_cpu_supports("avx512vnni") && __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
        features |= CK_CPU_AVX512VNNI;
#endif
    return features;
}

uint32_t ck_cpu_features(void) {
    static uint32_t cached = 0xffffffffu;
    if (cached == 0xffffffffu) cached = detect();
    return cached;
}
