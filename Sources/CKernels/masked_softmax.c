#include <math.h>
#include "CKernels.h"

// Same operations in the same order as the Swift reference (Tensor.maskedSoftmax): no
// contraction into fused multiply-adds, sums left to right, so the bits are the same.
#pragma STDC FP_CONTRACT OFF

// x and y may be the same buffer (the attention op normalises its scores in place): each
// element is read before it is written, and no pointer is `restrict`.

void synib_masked_softmax_rows(const float *x, float *y, size_t rows, size_t cols,
                               const float *restrict flags, float scale) {
    for (size_t r = 0; r < rows; r++) {
        const float *xr = x + r * cols;
        float *yr = y + r * cols;
        float m = -INFINITY;
        for (size_t j = 0; j < cols; j++) {
            if (flags[j] != 0) {
                float s = scale * xr[j];
                m = s >= m ? s : m;
            }
        }
        if (m == -INFINITY) {  // no valid column: the row is all zeros
            for (size_t j = 0; j < cols; j++) yr[j] = 0;
            continue;
        }
        float total = 0;
        for (size_t j = 0; j < cols; j++) {
            if (flags[j] != 0) {
                float e = expf(scale * xr[j] - m);
                yr[j] = e;
                total += e;
            } else {
                yr[j] = 0;
            }
        }
        float inverse = 1 / total;
        for (size_t j = 0; j < cols; j++) yr[j] *= inverse;
    }
}

void synib_masked_softmax_rows_backward(float *restrict gx, const float *restrict g, const float *restrict y,
                                        size_t rows, size_t cols, float scale, int overwrite) {
    for (size_t r = 0; r < rows; r++) {
        const float *gr = g + r * cols, *yr = y + r * cols;
        float *out = gx + r * cols;
        float dot = 0;
        for (size_t j = 0; j < cols; j++) dot += gr[j] * yr[j];
        if (overwrite) {
            for (size_t j = 0; j < cols; j++) out[j] = 0 + scale * yr[j] * (gr[j] - dot);
        } else {
            for (size_t j = 0; j < cols; j++) out[j] += scale * yr[j] * (gr[j] - dot);
        }
    }
}

void synib_scale_by_mask(float *restrict out, const float *restrict x, const float *restrict keep, size_t n) {
    for (size_t i = 0; i < n; i++) out[i] = x[i] * keep[i];
}

void synib_accumulate_product(float *restrict gx, const float *restrict g, const float *restrict keep, size_t n,
                              int overwrite) {
    if (overwrite) {
        for (size_t i = 0; i < n; i++) gx[i] = 0 + g[i] * keep[i];
    } else {
        for (size_t i = 0; i < n; i++) gx[i] += g[i] * keep[i];
    }
}
