import Foundation

/// Scaled dot-product attention with a key-padding mask.
extension Tensor {
    /// softmax(Q·Kᵀ/√d over the valid keys) · V for per-head tensors Q, K, V of shape [B·H, T, d].
    /// `validKeys` is the [B·H, T] validity of each key (1 = real step, 0 = padding); padded
    /// keys are left out of the softmax: their weight is exactly 0 and they receive zero
    /// gradient. Returns the output [B·H, T, d] and the weights [B·H, T, T].
    public static func scaledDotProductAttention(query q: Tensor, key k: Tensor, value v: Tensor,
                                                 validKeys: [Float]) -> (output: Tensor, weights: Tensor) {
        precondition(q.rank == 3 && q.shape == k.shape && q.shape == v.shape,
                     "attention: query \(q.shape), key \(k.shape) and value \(v.shape) must be equal [B·H, T, d]")
        let (bh, t, d) = (q.shape[0], q.shape[1], q.shape[2])
        precondition(validKeys.count == bh * t, "attention: \(validKeys.count) key flags for \(bh) × \(t) keys")
        let weights = q.batchedMatmul(k, transposeOther: true)
            .maskedSoftmax(scale: 1 / Float(d).squareRoot(), validColumns: validKeys)
        return (weights.batchedMatmul(v), weights)
    }
}

extension Tensor {
    /// softmax(scale · x) over the last axis of [B, R, C] scores, restricted to the columns
    /// whose flag in `validColumns` ([B, C]) is 1: masked columns get probability exactly 0
    /// (and no gradient). A row with no valid column is all zeros.
    /// Gradient: dx = scale · y ⊙ (g − Σ_j g_j y_j).
    public func maskedSoftmax(scale: Float, validColumns: [Float]) -> Tensor {
        precondition(rank == 3 && validColumns.count == shape[0] * shape[2],
                     "maskedSoftmax: \(validColumns.count) column flags for scores \(shape)")
        let (b, r, c) = (shape[0], shape[1], shape[2])
        let x = self.data
        var out = [Float](repeating: 0, count: count)
        for i in 0..<b {
            let flags = i * c
            for row in 0..<r {
                let base = (i * r + row) * c
                var m = -Float.infinity
                for j in 0..<c where validColumns[flags + j] != 0 { m = max(m, scale * x[base + j]) }
                guard m > -Float.infinity else { continue }
                var total: Float = 0
                for j in 0..<c where validColumns[flags + j] != 0 {
                    let e = expf(scale * x[base + j] - m)
                    out[base + j] = e
                    total += e
                }
                let inverse = 1 / total
                for j in 0..<c { out[base + j] *= inverse }
            }
        }
        let input = self
        return Tensor(shape: shape, data: out, parents: [input]) { outT in
            let g = outT.grad!, y = outT.data
            input.accumulateGrad { gx in
                for rowIndex in 0..<(b * r) {
                    let base = rowIndex * c
                    var dot: Float = 0
                    for j in 0..<c { dot += g[base + j] * y[base + j] }
                    for j in 0..<c { gx[base + j] += scale * y[base + j] * (g[base + j] - dot) }
                }
            }
        }
    }
}
