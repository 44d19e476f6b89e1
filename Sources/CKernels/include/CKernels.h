// Element-wise kernels that Swift does not vectorise on its own (its SIMD square root is
// lowered one lane at a time; its conditional loops stay scalar). Plain C loops over
// non-aliasing (restrict) pointers or Clang's portable vector types, so they compile to SSE on
// x86-64 and NEON on arm64; the Adam update also has AVX2 and AVX-512 versions, chosen at run
// time, with the same bits. Each is tested against a plain Swift loop (Tests/TensorsTests).
#ifndef SYNIB_CKERNELS_H
#define SYNIB_CKERNELS_H

#include <stddef.h>
#include <stdint.h>

/// One Adam/AdamW update of n parameters, in place, with the operations in exactly this
/// order (no fused multiply-add, so the result is bit-identical to the same formula in Swift):
///   p ← p·decay;  g' = g + l2·p;  m ← β₁m + (1−β₁)g';  v ← β₂v + (1−β₂)g'·g';
///   p ← p − (stepSize·m) / (√v / bc2Root + ε).
/// Runs with the widest vectors the CPU supports (on x86-64: 16 lanes with AVX-512F, 8 with
/// AVX2, else 4), which give the same bits as any other width.
void synib_adam_update(float *p, const float *g, float *m, float *v, size_t n,
                       float b1, float b2, float stepSize, float bc2Root, float epsilon,
                       float l2, float decay);

/// As `synib_adam_update`, with vectors of at most `lanes` lanes (4, 8 or 16; capped at what the
/// CPU supports), so that tests can compare the widths bit for bit.
void synib_adam_update_lanes(int lanes, float *p, const float *g, float *m, float *v, size_t n,
                             float b1, float b2, float stepSize, float bc2Root, float epsilon,
                             float l2, float decay);

/// The widest vector (in float lanes) `synib_adam_update` uses on this CPU: 16, 8 or 4.
int synib_adam_lanes(void);

/// ReLU in place: x ← x > 0 ? x : 0 (NaN becomes 0).
void synib_relu(float *x, size_t n);

/// The gradient through a ReLU whose output was y, in place: g ← y > 0 ? g : 0.
void synib_relu_backward(float *g, const float *y, size_t n);

/// Adds the column sums of a rows × cols row-major matrix to sums[0..<cols] (a bias gradient).
void synib_add_column_sums(float *sums, const float *matrix, size_t rows, size_t cols);

/// Adds a rows × cols block of `src` (rows `srcStride` floats apart) into `dst` (rows
/// `dstStride` apart), element by element: the gradient of a copy-like op (concat, slice,
/// stacking and splitting rows). With `overwrite` nonzero `dst` holds no gradient yet and is
/// written as 0 + src, the same bits as adding into a zero-filled buffer, without the zeroing.
void synib_accumulate_rows(float *dst, size_t dstStride, const float *src, size_t srcStride,
                           size_t rows, size_t cols, int overwrite);

/// Softmax of scale · x over the columns whose flag is nonzero, row by row (rows × cols,
/// row-major; `flags` has cols entries shared by every row): y_j = exp(scale·x_j − m) / Σ with m
/// the largest valid scale·x_j; masked columns get exactly 0, and a row without a valid column is
/// all zeros. Left-to-right sums, no fused multiply-add: the bits of the plain Swift loop.
/// `y` may be `x` (in place).
void synib_masked_softmax_rows(const float *x, float *y, size_t rows, size_t cols, const float *flags, float scale);

/// The gradient through `synib_masked_softmax_rows` whose output was y, given the output
/// gradient g: gx_j += scale · y_j · (g_j − Σ_k g_k y_k) (written as 0 + … when `overwrite`).
void synib_masked_softmax_rows_backward(float *gx, const float *g, const float *y, size_t rows, size_t cols,
                                        float scale, int overwrite);

/// out_i = x_i · keep_i (inverted dropout with a precomputed keep-or-scale factor per element).
void synib_scale_by_mask(float *out, const float *x, const float *keep, size_t n);

/// gx_i += g_i · keep_i (written as 0 + … when `overwrite`): the gradient of `synib_scale_by_mask`.
void synib_accumulate_product(float *gx, const float *g, const float *keep, size_t n, int overwrite);

/// Dropout's keep-or-scale factors: one xoshiro256** draw per element in order from `state` (the
/// four words of a RandomStream, advanced in place), keep_i = (top 24 bits · 2⁻²⁴ ≥ p) ? scale : 0:
/// the mask of `for i in 0..<n { keep[i] = rng.uniform() >= p ? scale : 0 }`, bit for bit.
void synib_dropout_keep(float *keep, size_t n, uint64_t *state, float p, float scale);

/// ReLU then inverted dropout, in place, in one pass: v = y_i > 0 ? y_i : 0, the mask drawn as by
/// `synib_dropout_keep`, y_i = v · (kept ? scale : 0), the same bits as `synib_relu`,
/// `synib_dropout_keep` and `synib_scale_by_mask` in turn. codes_i records what the gradient
/// needs: 0 where the ReLU clipped, 1 where a positive value was dropped, 2 where it was kept.
void synib_relu_dropout(float *y, uint8_t *codes, size_t n, uint64_t *state, float p, float scale);

/// The gradient through `synib_relu_dropout` of a rows × cols matrix, in place:
/// g_i = codes_i != 0 ? 0 + g_i · k_i : 0 with k_i = scale where kept and 0 where dropped
/// (`synib_accumulate_product`, overwriting, then `synib_relu_backward`, bit for bit); when `sums`
/// is not null, also adds the column sums of the result to sums[0..<cols] in the order of
/// `synib_add_column_sums` (the bias gradient of the layer before).
void synib_relu_dropout_backward(float *g, const uint8_t *codes, size_t rows, size_t cols, float scale, float *sums);

#endif
