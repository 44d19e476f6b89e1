import Foundation

/// The reference distribution r of a KL term: one distribution for every row, or one per row.
public enum ReferenceDistribution: Sendable {
    /// The same distribution (C probabilities) for every row.
    case shared([Float])
    /// One distribution per row, row-major N × C.
    case perRow([Float])

    /// The uniform distribution over `classes`.
    public static func uniform(classes: Int) -> ReferenceDistribution {
        .shared([Float](repeating: 1 / Float(classes), count: classes))
    }
}

/// Losses over logits of shape [N, C], each the mean over the N rows, each a fused op with its
/// analytic gradient (checked against finite differences in the tests).
public enum Loss {
    /// Cross-entropy of softmax(logits) against class indices: mean_i −log q_i[y_i].
    /// Gradient: (q − onehot(y)) / N.
    public static func crossEntropy(_ logits: Tensor, targets: [Int]) -> Tensor {
        let (n, c) = rowsAndClasses(logits, "crossEntropy")
        precondition(targets.count == n, "crossEntropy: \(targets.count) targets for logits \(logits.shape)")
        for t in targets { precondition(t >= 0 && t < c, "crossEntropy: target \(t) outside 0..<\(c)") }
        var logq = [Float](repeating: 0, count: n * c)  // log softmax, kept for the gradient
        let forward = { (outT: Tensor) in
            logits.data.withUnsafeBufferPointer { x in
                logq.withUnsafeMutableBufferPointer { Tensor.rowLogSoftmax(x, columns: c, into: $0) }
            }
            var total: Float = 0
            for i in 0..<n { total -= logq[i * c + targets[i]] }
            outT.data[0] = total / Float(max(n, 1))
        }
        return Tensor(shape: [], parents: [logits], forward: forward) { outT in
            let g = outT.grad![0] / Float(n)
            logits.accumulateGrad { gl in
                for i in 0..<n {
                    for j in 0..<c { gl[i * c + j] += g * expf(logq[i * c + j]) }
                    gl[i * c + targets[i]] -= g
                }
            }
        }
    }

    /// Binary cross-entropy of σ(logit) against targets in [0, 1] (one logit per row, shape
    /// [N] or [N, 1]): mean of max(ℓ, 0) − ℓ·t + log(1 + e^(−|ℓ|)). Gradient: (σ(ℓ) − t) / N.
    public static func binaryCrossEntropyWithLogits(_ logits: Tensor, targets: [Float]) -> Tensor {
        precondition(logits.count == targets.count && (logits.rank == 1 || logits.shape.last == 1),
                     "binaryCrossEntropyWithLogits: logits \(logits.shape) vs \(targets.count) targets")
        let n = logits.count
        var total: Float = 0
        for i in 0..<n {
            let l = logits.data[i]
            total += max(l, 0) - l * targets[i] + log1pf(expf(-abs(l)))
        }
        return Tensor(shape: [], data: [total / Float(max(n, 1))], parents: [logits]) { outT in
            let g = outT.grad![0] / Float(n)
            logits.accumulateGrad { gl in
                for i in 0..<n {
                    let l = logits.data[i]
                    let s = l >= 0 ? 1 / (1 + expf(-l)) : expf(l) / (1 + expf(l))
                    gl[i] += g * (s - targets[i])
                }
            }
        }
    }

    /// KL(softmax(logits) ‖ r) averaged over rows: mean_i Σ_j q_ij (log q_ij − log r_ij).
    /// The reference is a constant: no gradient reaches it.
    /// Gradient per row: dℓ_k = q_k (log q_k − log r_k − KL_row) / N.
    public static func klDivergence(_ logits: Tensor, reference: ReferenceDistribution) -> Tensor {
        let (n, c) = rowsAndClasses(logits, "klDivergence")
        let logr: [Float]
        switch reference {
        case .shared(let r):
            precondition(r.count == c, "klDivergence: reference has \(r.count) classes, logits \(logits.shape)")
            logr = r.map { logf(max($0, Float.leastNormalMagnitude)) }
        case .perRow(let r):
            precondition(r.count == n * c, "klDivergence: per-row reference has \(r.count) values, logits \(logits.shape)")
            logr = r.map { logf(max($0, Float.leastNormalMagnitude)) }
        }
        let shared = logr.count == c
        let logq = Tensor.rowLogSoftmax(logits.data, columns: c)
        var rowKL = [Float](repeating: 0, count: n)
        for i in 0..<n {
            var kl: Float = 0
            for j in 0..<c {
                let lq = logq[i * c + j]
                kl += expf(lq) * (lq - logr[shared ? j : i * c + j])
            }
            rowKL[i] = kl
        }
        let total = rowKL.reduce(0, +)
        return Tensor(shape: [], data: [total / Float(max(n, 1))], parents: [logits]) { outT in
            let g = outT.grad![0] / Float(n)
            logits.accumulateGrad { gl in
                for i in 0..<n {
                    for j in 0..<c {
                        let lq = logq[i * c + j]
                        gl[i * c + j] += g * expf(lq) * (lq - logr[shared ? j : i * c + j] - rowKL[i])
                    }
                }
            }
        }
    }

    /// KL(r ‖ softmax(logits)) averaged over rows — the reference first, as PyTorch's
    /// `F.kl_div(log_softmax(logits), r, reduction="batchmean")`: mean_i Σ_j r_ij (log r_ij −
    /// log q_ij), with 0·log 0 = 0. The reference is a constant.
    /// Gradient per row: dℓ_k = (q_k·Σ_j r_j − r_k) / N.
    public static func klDivergenceFromReference(_ logits: Tensor, reference: ReferenceDistribution) -> Tensor {
        let (n, c) = rowsAndClasses(logits, "klDivergenceFromReference")
        let r: [Float]
        switch reference {
        case .shared(let shared):
            precondition(shared.count == c, "klDivergenceFromReference: reference has \(shared.count) classes, logits \(logits.shape)")
            r = (0..<n).flatMap { _ in shared }
        case .perRow(let perRow):
            precondition(perRow.count == n * c, "klDivergenceFromReference: per-row reference has \(perRow.count) values, logits \(logits.shape)")
            r = perRow
        }
        let logq = Tensor.rowLogSoftmax(logits.data, columns: c)
        var total: Float = 0
        for k in 0..<(n * c) where r[k] > 0 { total += r[k] * (logf(r[k]) - logq[k]) }
        return Tensor(shape: [], data: [total / Float(max(n, 1))], parents: [logits]) { outT in
            let g = outT.grad![0] / Float(n)
            logits.accumulateGrad { gl in
                for i in 0..<n {
                    var mass: Float = 0
                    for j in 0..<c { mass += r[i * c + j] }
                    for j in 0..<c { gl[i * c + j] += g * (expf(logq[i * c + j]) * mass - r[i * c + j]) }
                }
            }
        }
    }

    /// KL(N(μ, diag e^v) ‖ N(0, I)) summed over the C coordinates and averaged over rows:
    /// mean_i ½ Σ_j (e^v_ij + μ_ij² − 1 − v_ij), with μ = `mean` and v = `logVariance`, both
    /// [N, C]. Gradients: dμ = μ / N, dv = ½(e^v − 1) / N.
    public static func gaussianKLToStandardNormal(mean: Tensor, logVariance: Tensor) -> Tensor {
        let (n, _) = rowsAndClasses(mean, "gaussianKLToStandardNormal")
        precondition(mean.shape == logVariance.shape, "gaussianKLToStandardNormal: mean \(mean.shape) vs log-variance \(logVariance.shape)")
        let mu = mean.data, v = logVariance.data
        var total: Float = 0
        for k in mu.indices { total += 0.5 * (expf(v[k]) + mu[k] * mu[k] - 1 - v[k]) }
        return Tensor(shape: [], data: [total / Float(max(n, 1))], parents: [mean, logVariance]) { outT in
            let g = outT.grad![0] / Float(n)
            mean.accumulateGrad { gm in for k in mu.indices { gm[k] += g * mu[k] } }
            logVariance.accumulateGrad { gv in for k in v.indices { gv[k] += g * 0.5 * (expf(v[k]) - 1) } }
        }
    }

    /// Entropy of softmax(logits) averaged over rows: mean_i −Σ_j q_ij log q_ij.
    /// Gradient per row: dℓ_k = −q_k (log q_k + H_row) / N.
    public static func entropy(_ logits: Tensor) -> Tensor {
        let (n, c) = rowsAndClasses(logits, "entropy")
        let logq = Tensor.rowLogSoftmax(logits.data, columns: c)
        var rowH = [Float](repeating: 0, count: n)
        for i in 0..<n {
            var h: Float = 0
            for j in 0..<c { h -= expf(logq[i * c + j]) * logq[i * c + j] }
            rowH[i] = h
        }
        let total = rowH.reduce(0, +)
        return Tensor(shape: [], data: [total / Float(max(n, 1))], parents: [logits]) { outT in
            let g = outT.grad![0] / Float(n)
            logits.accumulateGrad { gl in
                for i in 0..<n {
                    for j in 0..<c {
                        let lq = logq[i * c + j]
                        gl[i * c + j] -= g * expf(lq) * (lq + rowH[i])
                    }
                }
            }
        }
    }

    private static func rowsAndClasses(_ logits: Tensor, _ name: String) -> (Int, Int) {
        precondition(logits.rank == 2, "\(name): logits must be [N, C], got \(logits.shape)")
        return (logits.shape[0], logits.shape[1])
    }
}
