import Foundation

/// Scaled dot-product attention with a key-padding mask.
extension Tensor {
    /// softmax(Q·Kᵀ/√d + mask) · V for per-head tensors Q, K, V of shape [B·H, T, d].
    /// `validKeys` is the [B·H, T] validity of each key (1 = real step, 0 = padding); padded
    /// keys get weight exactly 0 (an additive −10⁹ underflows to 0 in the softmax), so they
    /// receive zero gradient too. Returns the output [B·H, T, d] and the weights [B·H, T, T].
    public static func scaledDotProductAttention(query q: Tensor, key k: Tensor, value v: Tensor,
                                                 validKeys: [Float]) -> (output: Tensor, weights: Tensor) {
        precondition(q.rank == 3 && q.shape == k.shape && q.shape == v.shape,
                     "attention: query \(q.shape), key \(k.shape) and value \(v.shape) must be equal [B·H, T, d]")
        let (bh, t, d) = (q.shape[0], q.shape[1], q.shape[2])
        precondition(validKeys.count == bh * t, "attention: \(validKeys.count) key flags for \(bh) × \(t) keys")
        let scores = q.batchedMatmul(k, transposeOther: true) * (1 / Float(d).squareRoot())
        var bias = [Float](repeating: 0, count: bh * t * t)
        for i in 0..<bh {
            for j in 0..<t where validKeys[i * t + j] == 0 {
                for r in 0..<t { bias[(i * t + r) * t + j] = -1e9 }
            }
        }
        let weights = (scores + Tensor(shape: [bh, t, t], data: bias)).softmax()
        return (weights.batchedMatmul(v), weights)
    }
}
