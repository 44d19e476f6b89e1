/// Pooling of [B, T, D] sequences to [B, D] under a validity mask [B, T] (1 = a real step,
/// 0 = padding). Padding never contributes to the value and never receives gradient.
extension Tensor {
    /// The mean over each sequence's valid steps (zeros for a sequence with none).
    public func maskedMeanPool(valid: [Float]) -> Tensor {
        precondition(rank == 3 && valid.count == shape[0] * shape[1],
                     "maskedMeanPool: input \(shape) needs a [\(shape.first ?? 0), \(rank > 1 ? shape[1] : 0)] mask, got \(valid.count) flags")
        let (b, t, d) = (shape[0], shape[1], shape[2])
        var weights = [Float](repeating: 0, count: b * t)
        for i in 0..<b {
            let n = (0..<t).reduce(Float(0)) { $0 + (valid[i * t + $1] != 0 ? 1 : 0) }
            if n > 0 { for s in 0..<t where valid[i * t + s] != 0 { weights[i * t + s] = 1 / n } }
        }
        return weightedSum(weights: weights, batch: b, steps: t, features: d)
    }

    /// The last valid step of each sequence (zeros for a sequence with none).
    public func lastValidPool(valid: [Float]) -> Tensor {
        precondition(rank == 3 && valid.count == shape[0] * shape[1],
                     "lastValidPool: input \(shape) needs a [\(shape.first ?? 0), \(rank > 1 ? shape[1] : 0)] mask, got \(valid.count) flags")
        let (b, t, d) = (shape[0], shape[1], shape[2])
        var weights = [Float](repeating: 0, count: b * t)
        for i in 0..<b {
            if let last = (0..<t).last(where: { valid[i * t + $0] != 0 }) { weights[i * t + last] = 1 }
        }
        return weightedSum(weights: weights, batch: b, steps: t, features: d)
    }

    /// out[i] = Σ_s w[i, s] · x[i, s, :]; the gradient to x[i, s, :] is w[i, s] · g[i].
    private func weightedSum(weights: [Float], batch b: Int, steps t: Int, features d: Int) -> Tensor {
        var out = [Float](repeating: 0, count: b * d)
        let data = self.data
        for i in 0..<b {
            for s in 0..<t where weights[i * t + s] != 0 {
                let w = weights[i * t + s], base = (i * t + s) * d
                for j in 0..<d { out[i * d + j] += w * data[base + j] }
            }
        }
        let x = self
        return Tensor(shape: [b, d], data: out, parents: [x]) { outT in
            let g = outT.grad!
            x.accumulateGrad { gx in
                for i in 0..<b {
                    for s in 0..<t where weights[i * t + s] != 0 {
                        let w = weights[i * t + s], base = (i * t + s) * d
                        for j in 0..<d { gx[base + j] += w * g[i * d + j] }
                    }
                }
            }
        }
    }
}
