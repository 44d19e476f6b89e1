#include "CKernels.h"
#include <math.h>
#include <string.h>

// Keep every product and sum rounded on its own, as Swift does: no contraction into FMAs.
#pragma clang fp contract(off)

// Four lanes: what every x86-64 (SSE) and arm64 (NEON) machine has without extra flags.
typedef float Lanes __attribute__((ext_vector_type(4)));

static inline Lanes load(const float *x) { Lanes r; memcpy(&r, x, sizeof r); return r; }
static inline void store(float *x, Lanes r) { memcpy(x, &r, sizeof r); }

void synib_adam_update(float *p, const float *g, float *m, float *v, size_t n,
                       float b1, float b2, float stepSize, float bc2Root, float epsilon,
                       float l2, float decay) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        Lanes pi = load(p + i) * decay;
        Lanes gi = load(g + i) + l2 * pi;
        Lanes mi = b1 * load(m + i) + (1 - b1) * gi;
        Lanes vi = b2 * load(v + i) + (1 - b2) * gi * gi;
        pi -= stepSize * mi / (__builtin_elementwise_sqrt(vi) / bc2Root + epsilon);
        store(p + i, pi); store(m + i, mi); store(v + i, vi);
    }
    for (; i < n; i++) {
        float pi = p[i] * decay;
        float gi = g[i] + l2 * pi;
        float mi = b1 * m[i] + (1 - b1) * gi;
        float vi = b2 * v[i] + (1 - b2) * gi * gi;
        p[i] = pi - stepSize * mi / (sqrtf(vi) / bc2Root + epsilon);
        m[i] = mi; v[i] = vi;
    }
}
