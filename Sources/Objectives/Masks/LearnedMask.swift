import Foundation
import Tensors

/// `.learned(steps, lr, sparsity)`: per-example soft keep-gates g = σ(a) ∈ (0,1)^d, optimised for
/// `steps` Adam steps on the frozen model to *maximise* the cross-entropy of the withheld
/// modality's unimodal path on g·v + (1 − g)·ε while paying `sparsity · mean(1 − g)`; a
/// coordinate is withheld where its gate ends below ½ (docs/METHOD.md, "Masks").
///
/// v is the latent z_m (the unimodal path is the frozen head u_m; ε is drawn from the latent's
/// running mean and variance) or, at the input level, the input x_m (the path is the frozen
/// encoder e_m, its LayerNorm and u_m; ε ~ N(0, 1), the oracle's fill).
enum LearnedMask {
    /// The gate logits start at −1: every coordinate starts mostly withheld (g = σ(−1) ≈ 0.27),
    /// and the optimisation restores (lifts above ½) the coordinates whose clean value does not
    /// help the unimodal path, which the sparsity price pays for; those the path relies on stay
    /// withheld. At the default 10 Adam steps of lr 0.1 a logit moves by at most ≈ 1, so the
    /// start decides what can cross ½: from −1 about a fifth of the gates do (measured masked
    /// fraction ≈ 0.8 on PID-XOR, spurious-XOR and digits-irony). From logit 2
    /// no gate ever crosses ½ and the "learned" mask withholds nothing; from 0 the
    /// masked half is the half the unimodal head relies on, which on spurious-XOR is the train-
    /// only shortcut, and SynIB then *rewards* the shortcut (54–67 % test accuracy against 98–
    /// 100 % from −1; docs/METHOD.md, "Learned masks").
    static let initialGateLogit: Float = -1

    /// A corruption of `v` ([N, d]): `path` maps a (mixed) v to the unimodal logits through
    /// frozen weights, `noise` draws ε ([N, d]) — once, or at every step with `freshNoise`.
    ///
    /// Each step differentiates the path with the autodiff tape, from its input `mixed` on; the
    /// gate arithmetic around it (σ, the mix and the sparsity price) is written out, because on
    /// the tape its element-wise ops cost more than the path's matrix products
    /// (``gateGradient(lossGradient:gates:clean:noise:sparsity:)``; tested against the tape).
    static func corruption(of v: Tensor, labels: [Int], path: (Tensor) -> Tensor, noise: () -> Tensor,
                           settings: LearnedGates) -> (corruption: Corruption, gates: [Float]) {
        let (n, d) = (v.shape[0], v.shape[1])
        let gateLogits = Tensor.full([n, d], settings.initialLogit, requiresGrad: true)
        var optimizer = Adam(ParameterSet([("gates", gateLogits)]), learningRate: settings.learningRate)
        var epsilon = noise()
        var stalled = 0
        var previous: [Float]? = nil
        for t in 0..<settings.steps {
            if settings.freshNoise && t > 0 { epsilon = noise() }
            let gates = gateLogits.data.map(sigmoid)
            // mixed = g·v + (1 − g)·ε; the objective is −CE(path(mixed)) + sparsity · mean(1 − g).
            let mixed = Tensor(shape: [n, d], data: mix(gates: gates, clean: v.data, noise: epsilon.data), requiresGrad: true)
            Loss.crossEntropy(path(mixed), targets: labels).backward()
            gateLogits.grad = gateGradient(lossGradient: mixed.grad!, gates: gates, clean: v.data, noise: epsilon.data,
                                           sparsity: settings.sparsity)
            if let clip = settings.clipNorm { clipGradientNorm(ParameterSet([("gates", gateLogits)]), maxNorm: clip) }
            if let scale = settings.finalLearningRateScale {
                optimizer.learningRate = cosineAnnealed(step: t, of: settings.steps, from: settings.learningRate,
                                                        to: settings.learningRate * scale)
            }
            optimizer.step()
            if settings.stopWhenStalled {
                let now = gateLogits.data.map(sigmoid)
                if let previous {
                    var change: Float = 0
                    for i in now.indices { change += abs(now[i] - previous[i]) }
                    stalled = change / Float(max(now.count, 1)) < 1e-4 ? stalled + 1 : 0
                    if stalled >= 10 { break }
                }
                previous = now
            }
        }
        let gates = gateLogits.data.map(sigmoid)
        switch settings.corruption {
        case .withholdSupport:
            let mask = Tensor(shape: [n, d], data: gates.map { $0 < 0.5 ? 1 : 0 })
            return (Corruption(mask: mask, fill: epsilon, rows: nil), gates)
        case .withholdComplement:
            let mask = Tensor(shape: [n, d], data: gates.map { $0 >= 0.5 ? 1 : 0 })
            return (Corruption(mask: mask, fill: noise(), rows: nil), gates)
        case .soft:
            // g·v + (1 − g)·ε = v replaced by ε with weight (1 − g): a soft mask 1 − g.
            let mask = Tensor(shape: [n, d], data: gates.map { 1 - $0 })
            return (Corruption(mask: mask, fill: noise(), rows: nil, soft: true), gates)
        }
    }

    /// The learning rate of step `t` of `steps` under cosine annealing from `high` to `low`
    /// (PyTorch's `CosineAnnealingLR` with T_max = steps, before its step t).
    static func cosineAnnealed(step t: Int, of steps: Int, from high: Float, to low: Float) -> Float {
        low + (high - low) * (1 + cosf(Float.pi * Float(t) / Float(max(steps, 1)))) / 2
    }

    /// σ(a) = 1 / (1 + e^(−a)), as ``Tensor/sigmoid()`` computes it.
    @inline(__always)
    static func sigmoid(_ a: Float) -> Float { a >= 0 ? 1 / (1 + expf(-a)) : expf(a) / (1 + expf(a)) }

    /// g·v + (1 − g)·ε, element-wise.
    static func mix(gates g: [Float], clean v: [Float], noise e: [Float]) -> [Float] {
        var out = [Float](repeating: 0, count: g.count)
        for i in g.indices { out[i] = g[i] * v[i] + (1 - g[i]) * e[i] }
        return out
    }

    /// ∂/∂a of the gate objective −L(mixed(σ(a))) + sparsity · mean(1 − σ(a)), given the
    /// path's loss gradient ∂L/∂mixed: (−∂L/∂mixed · (v − ε) − sparsity / count) · g(1 − g).
    static func gateGradient(lossGradient dl: [Float], gates g: [Float], clean v: [Float], noise e: [Float],
                             sparsity: Float) -> [Float] {
        let price = sparsity / Float(max(g.count, 1))
        var out = [Float](repeating: 0, count: g.count)
        for i in g.indices { out[i] = (-dl[i] * (v[i] - e[i]) - price) * g[i] * (1 - g[i]) }
        return out
    }

    /// The learned corruption of latent z_m: through the frozen unimodal head, ε from the
    /// latent's running moments.
    static func latentCorruption(of z: Tensor, modality m: Int, labels: [Int], model: FusionModel, moments: RunningMoments,
                                 settings: LearnedGates, rng: inout RandomStream) -> (corruption: Corruption, gates: [Float]) {
        let frozenHead = model.unimodalHeads[m].frozen()
        return corruption(of: z, labels: labels, path: { model.logits(frozenHead($0)) }, noise: { moments.sample(rows: z.shape[0], rng: &rng) },
                          settings: settings)
    }

    /// The learned corruption of input x_m: through the frozen encoder, LayerNorm and unimodal
    /// head of modality `m`, ε ~ N(0, 1).
    static func inputCorruption(of x: Tensor, modality m: Int, labels: [Int], model: FusionModel,
                                settings: LearnedGates, rng: inout RandomStream) -> (corruption: Corruption, gates: [Float]) {
        let path = model.frozenUnimodalPath(modality: m)
        return corruption(of: x, labels: labels, path: path, noise: { Tensor.normal(x.shape, rng: &rng) }, settings: settings)
    }
}
