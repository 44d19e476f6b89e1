#include "CKernels.h"

// Keep every sum rounded on its own (there is nothing to contract here, but say so).
#pragma clang fp contract(off)

void synib_accumulate_rows(float *restrict dst, size_t dstStride, const float *restrict src, size_t srcStride,
                           size_t rows, size_t cols, int overwrite) {
    for (size_t r = 0; r < rows; r++) {
        float *restrict d = dst + r * dstStride;
        const float *restrict s = src + r * srcStride;
        if (overwrite) {
            // 0 + s rather than s: exactly what adding into a zero-filled buffer gives (−0 → +0).
            for (size_t j = 0; j < cols; j++) d[j] = 0.0f + s[j];
        } else {
            for (size_t j = 0; j < cols; j++) d[j] += s[j];
        }
    }
}
