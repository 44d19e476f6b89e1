// Element-wise kernels that Swift does not vectorise on its own (its SIMD square root is
// lowered one lane at a time; its conditional loops stay scalar). Plain C loops over
// non-aliasing (restrict) pointers or Clang's portable vector types, so they compile to SSE on
// x86-64 and NEON on arm64. Each is tested against a plain Swift loop (Tests/TensorsTests).
#ifndef SYNIB_CKERNELS_H
#define SYNIB_CKERNELS_H

#include <stddef.h>

/// One Adam/AdamW update of n parameters, in place, with the operations in exactly this
/// order (no fused multiply-add, so the result is bit-identical to the same formula in Swift):
///   p ← p·decay;  g' = g + l2·p;  m ← β₁m + (1−β₁)g';  v ← β₂v + (1−β₂)g'·g';
///   p ← p − (stepSize·m) / (√v / bc2Root + ε).
void synib_adam_update(float *p, const float *g, float *m, float *v, size_t n,
                       float b1, float b2, float stepSize, float bc2Root, float epsilon,
                       float l2, float decay);

/// ReLU in place: x ← x > 0 ? x : 0 (NaN becomes 0).
void synib_relu(float *x, size_t n);

/// The gradient through a ReLU whose output was y, in place: g ← y > 0 ? g : 0.
void synib_relu_backward(float *g, const float *y, size_t n);

/// Adds the column sums of a rows × cols row-major matrix to sums[0..<cols] (a bias gradient).
void synib_add_column_sums(float *sums, const float *matrix, size_t rows, size_t cols);

#endif
