#include "CKernels.h"

void synib_add_column_sums(float *restrict sums, const float *restrict matrix, size_t rows, size_t cols) {
    for (size_t r = 0; r < rows; r++) {
        const float *restrict row = matrix + r * cols;
        for (size_t j = 0; j < cols; j++) sums[j] += row[j];
    }
}
