import Tensors

/// `.learned(steps, lr, sparsity)` (docs/METHOD.md, "Masks"): per-example soft keep-gates g = σ(a) ∈ (0,1)^d,
/// optimised for `steps` Adam steps on the frozen model to *maximise* the cross-entropy of the
/// unimodal head on g·z + (1 − g)·ε while paying `sparsity · mean(1 − g)`; thresholded at ½.
/// ε is drawn from the latent's running mean and variance.
enum LearnedMask {
    /// The gate logits start at 2 (g ≈ 0.88: almost everything kept).
    static let initialGateLogit: Float = 2

    /// A corruption of latent `z` ([N, d]) of the modality whose unimodal head is `head`.
    static func corruption(of z: Tensor, labels: [Int], head: MLP, moments: RunningMoments,
                           steps: Int, learningRate: Float, sparsity: Float,
                           rng: inout RandomStream) -> (corruption: Corruption, gates: [Float]) {
        let (n, d) = (z.shape[0], z.shape[1])
        let frozenHead = head.frozen()
        let latent = z.stopGradient()
        let noise = moments.sample(rows: n, rng: &rng)
        let gateLogits = Tensor.full([n, d], initialGateLogit, requiresGrad: true)
        var optimizer = Adam(ParameterSet([("gates", gateLogits)]), learningRate: learningRate)
        for _ in 0..<steps {
            optimizer.zeroGrad()
            let g = gateLogits.sigmoid()
            let mixed = g * latent + (-g + 1) * noise
            let objective = -Loss.crossEntropy(frozenHead(mixed), targets: labels) + sparsity * (-g + 1).mean()
            objective.backward()
            optimizer.step()
        }
        let gates = gateLogits.sigmoid().data
        let mask = Tensor(shape: [n, d], data: gates.map { $0 < 0.5 ? 1 : 0 })
        return (Corruption(mask: mask, fill: noise, rows: nil), gates)
    }
}

extension Tensor {
    /// A filled tensor that tracks gradients (a leaf parameter).
    static func full(_ shape: [Int], _ value: Float, requiresGrad: Bool) -> Tensor {
        Tensor(shape: shape, data: [Float](repeating: value, count: shape.product), requiresGrad: requiresGrad)
    }
}
