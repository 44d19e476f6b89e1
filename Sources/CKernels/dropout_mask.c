#include <math.h>
#include "CKernels.h"

// Dropout's mask draws, in C: the xoshiro256** step of RandomStream.next() and the
// comparison of RandomStream.uniform() >= p, one draw per element in order, so that the mask
// (and the generator's state afterwards) is the one the Swift loop produces. The generator's
// state stays in registers for the whole loop instead of going through memory per draw, and
// the ReLU, the mask and the product are one pass over the values instead of three.

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static inline uint64_t next(uint64_t *s0, uint64_t *s1, uint64_t *s2, uint64_t *s3) {
    uint64_t result = rotl(*s1 * 5, 7) * 9;
    uint64_t t = *s1 << 17;
    *s2 ^= *s0;
    *s3 ^= *s1;
    *s1 ^= *s2;
    *s0 ^= *s3;
    *s2 ^= t;
    *s3 = rotl(*s3, 45);
    return result;
}

// RandomStream.uniform() >= p, i.e. (float)(bits >> 40) · 2⁻²⁴ >= p, as an integer comparison:
// u · 2⁻²⁴ is exact for every 24-bit u and so is p · 2²⁴ (a power-of-two scaling), hence
// u · 2⁻²⁴ >= p exactly when u >= ⌈p · 2²⁴⌉. Without the float conversion the comparison and
// the choice of factor vectorise.
static inline uint32_t keep_threshold(float p) { return p > 0 ? (uint32_t)ceilf(p * 0x1p24f) : 0; }

// The draws are made a block at a time into a small buffer: the generator's loop then carries
// nothing but the state, and the element-wise work after it has no branch and vectorises.
#define BLOCK 256

static inline void draw_block(uint32_t *restrict u, size_t m, uint64_t *s0, uint64_t *s1, uint64_t *s2, uint64_t *s3) {
    for (size_t i = 0; i < m; i++) u[i] = (uint32_t)(next(s0, s1, s2, s3) >> 40);
}

void synib_dropout_keep(float *restrict keep, size_t n, uint64_t *restrict state, float p, float scale) {
    uint64_t s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
    const uint32_t threshold = keep_threshold(p);
    uint32_t u[BLOCK];
    for (size_t start = 0; start < n; start += BLOCK) {
        size_t m = n - start < BLOCK ? n - start : BLOCK;
        draw_block(u, m, &s0, &s1, &s2, &s3);
        float *restrict k = keep + start;
        for (size_t i = 0; i < m; i++) k[i] = u[i] >= threshold ? scale : 0;
    }
    state[0] = s0; state[1] = s1; state[2] = s2; state[3] = s3;
}

void synib_relu_dropout(float *restrict y, uint8_t *restrict codes, size_t n, uint64_t *restrict state, float p,
                        float scale) {
    uint64_t s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3];
    const uint32_t threshold = keep_threshold(p);
    uint32_t u[BLOCK];
    for (size_t start = 0; start < n; start += BLOCK) {
        size_t m = n - start < BLOCK ? n - start : BLOCK;
        draw_block(u, m, &s0, &s1, &s2, &s3);
        float *restrict yb = y + start;
        uint8_t *restrict cb = codes + start;
        for (size_t i = 0; i < m; i++) {
            float yi = yb[i];
            float v = yi > 0 ? yi : 0;                         // synib_relu
            int keep = u[i] >= threshold;
            yb[i] = v * (keep ? scale : 0);                    // synib_scale_by_mask
            cb[i] = (uint8_t)(v > 0 ? (keep ? 2 : 1) : 0);
        }
    }
    state[0] = s0; state[1] = s1; state[2] = s2; state[3] = s3;
}

void synib_relu_dropout_backward(float *restrict g, const uint8_t *restrict codes, size_t rows, size_t cols,
                                 float scale, float *restrict sums) {
    for (size_t r = 0; r < rows; r++) {
        float *restrict gr = g + r * cols;
        const uint8_t *restrict cr = codes + r * cols;
        for (size_t j = 0; j < cols; j++) {
            uint8_t c = cr[j];
            float through = 0 + gr[j] * (c == 2 ? scale : 0);  // synib_accumulate_product, overwriting
            gr[j] = c != 0 ? through : 0;                        // synib_relu_backward
        }
        // synib_add_column_sums, a row at a time while the row is in cache: each column is still
        // summed over the rows in order.
        if (sums) for (size_t j = 0; j < cols; j++) sums[j] += gr[j];
    }
}
