#include "CKernels.h"
#include <math.h>
#include <string.h>

// Keep every product and sum rounded on its own, as Swift does: no contraction into FMAs.
#pragma clang fp contract(off)

// The update is written once, for a vector of W lanes, and compiled three times: 4 lanes (what
// every x86-64 (SSE) and arm64 (NEON) machine has without extra flags), and on x86-64 also 8
// (AVX2) and 16 (AVX-512F) lanes, chosen at run time by what the CPU supports. Every lane does
// the same IEEE-754 operations (multiply, add, divide and square root are correctly rounded at
// any width), so all three give the same bits; the wider ones retire more divisions per cycle,
// which is what bounds this loop while the parameters fit in cache.
#define SYNIB_ADAM_KERNEL(NAME, W, ATTRIBUTES)                                                     \
    typedef float NAME##_lanes __attribute__((ext_vector_type(W)));                                \
    ATTRIBUTES static void NAME(float *p, const float *g, float *m, float *v, size_t n,             \
                                float b1, float b2, float stepSize, float bc2Root, float epsilon,   \
                                float l2, float decay) {                                            \
        size_t i = 0;                                                                               \
        for (; i + (W) <= n; i += (W)) {                                                            \
            NAME##_lanes pi, gi, mi, vi;                                                            \
            memcpy(&pi, p + i, sizeof pi); memcpy(&gi, g + i, sizeof gi);                           \
            memcpy(&mi, m + i, sizeof mi); memcpy(&vi, v + i, sizeof vi);                           \
            pi = pi * decay;                                                                        \
            gi = gi + l2 * pi;                                                                      \
            mi = b1 * mi + (1 - b1) * gi;                                                           \
            vi = b2 * vi + (1 - b2) * gi * gi;                                                      \
            pi -= stepSize * mi / (__builtin_elementwise_sqrt(vi) / bc2Root + epsilon);             \
            memcpy(p + i, &pi, sizeof pi); memcpy(m + i, &mi, sizeof mi); memcpy(v + i, &vi, sizeof vi); \
        }                                                                                           \
        for (; i < n; i++) {                                                                        \
            float pi = p[i] * decay;                                                                \
            float gi = g[i] + l2 * pi;                                                              \
            float mi = b1 * m[i] + (1 - b1) * gi;                                                   \
            float vi = b2 * v[i] + (1 - b2) * gi * gi;                                              \
            p[i] = pi - stepSize * mi / (sqrtf(vi) / bc2Root + epsilon);                            \
            m[i] = mi; v[i] = vi;                                                                   \
        }                                                                                           \
    }

SYNIB_ADAM_KERNEL(adam_update_4, 4, )
#if defined(__x86_64__) && defined(__clang__)
SYNIB_ADAM_KERNEL(adam_update_8, 8, __attribute__((target("avx2"))))
SYNIB_ADAM_KERNEL(adam_update_16, 16, __attribute__((target("avx512f"))))
#endif

int synib_adam_lanes(void) {
#if defined(__x86_64__) && defined(__clang__)
    static int decided = 0;  // decided once; threads racing here decide it the same way
    int lanes = __atomic_load_n(&decided, __ATOMIC_RELAXED);
    if (lanes == 0) {
        __builtin_cpu_init();
        lanes = __builtin_cpu_supports("avx512f") ? 16 : __builtin_cpu_supports("avx2") ? 8 : 4;
        __atomic_store_n(&decided, lanes, __ATOMIC_RELAXED);
    }
    return lanes;
#else
    return 4;
#endif
}

void synib_adam_update_lanes(int lanes, float *p, const float *g, float *m, float *v, size_t n,
                             float b1, float b2, float stepSize, float bc2Root, float epsilon,
                             float l2, float decay) {
#if defined(__x86_64__) && defined(__clang__)
    int supported = synib_adam_lanes();
    if (lanes >= 16 && supported >= 16) {
        adam_update_16(p, g, m, v, n, b1, b2, stepSize, bc2Root, epsilon, l2, decay);
        return;
    }
    if (lanes >= 8 && supported >= 8) {
        adam_update_8(p, g, m, v, n, b1, b2, stepSize, bc2Root, epsilon, l2, decay);
        return;
    }
#else
    (void)lanes;
#endif
    adam_update_4(p, g, m, v, n, b1, b2, stepSize, bc2Root, epsilon, l2, decay);
}

void synib_adam_update(float *p, const float *g, float *m, float *v, size_t n,
                       float b1, float b2, float stepSize, float bc2Root, float epsilon,
                       float l2, float decay) {
    synib_adam_update_lanes(synib_adam_lanes(), p, g, m, v, n, b1, b2, stepSize, bc2Root, epsilon, l2, decay);
}
