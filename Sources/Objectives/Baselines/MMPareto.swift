import Tensors

/// MMPareto (Wei & Hu, "MMPareto: Boosting Multimodal Learning with Innocent Unimodal
/// Assistance", ICML 2024): the shared encoders receive both the multimodal gradient g_mm
/// and their modality's unimodal gradient g_m (unimodal heads trained on the *attached*
/// latents); each encoder sees only its own modality's g_m, so any number of modalities works. Per parameter tensor: if cos(g_mm, g_m) > 0 the two are summed, otherwise they
/// are combined with the two-task min-norm (MGDA) weights, times 2; the result is rescaled to
/// norm 1.5 × max(‖g_mm + g_m‖, ‖result‖).
public struct MMPareto: TrainingObjective, Hashable {
    /// The rescaling factor γ (1.5 in the original).
    public var gamma: Float

    /// MMPareto with rescaling factor `gamma`.
    public init(gamma: Float = 1.5) { self.gamma = gamma }

    public var name: String { "mmpareto" }

    public func loss(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> Tensor {
        let (multimodal, unimodal) = losses(model, batch, &step)
        return multimodal + unimodal
    }

    /// The multimodal CE and the sum of the unimodal CEs on attached latents.
    func losses(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> (Tensor, Tensor) {
        let z = model.encode(batch, &step.pass)
        let multimodal = Loss.crossEntropy(model.fuse(z, &step.pass), targets: batch.labels)
        let unimodal = z.indices
            .map { Loss.crossEntropy(model.unimodal(z[$0], modality: $0, &step.pass), targets: batch.labels) }
            .reduce(Tensor.scalar(0), +)
        return (multimodal, unimodal)
    }

    public func accumulateGradients(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> Float {
        let (multimodal, unimodal) = losses(model, batch, &step)
        let shared = model.encoders.indices.flatMap { m in
            model.encoders[m].parameters.tensors + (model.latentNorms[m]?.parameters.tensors ?? [])
        }
        multimodal.backward()
        let gMultimodal = shared.map { $0.grad ?? [Float](repeating: 0, count: $0.count) }
        for p in shared { p.zeroGrad() }
        unimodal.backward()
        for (p, gmm) in zip(shared, gMultimodal) {
            p.grad = MMPareto.combine(gmm, p.grad ?? [Float](repeating: 0, count: p.count), gamma: gamma)
        }
        return multimodal.item + unimodal.item
    }

    /// The combined gradient of one parameter tensor (see the type's documentation).
    static func combine(_ gmm: [Float], _ gm: [Float], gamma: Float) -> [Float] {
        let dot = zip(gmm, gm).reduce(Float(0)) { $0 + $1.0 * $1.1 }
        let sum = zip(gmm, gm).map { $0 + $1 }
        let combined: [Float]
        if dot > 0 {
            combined = sum
        } else {
            let (w1, w2) = minNormWeights(gmm, gm)
            combined = zip(gmm, gm).map { 2 * (w1 * $0 + w2 * $1) }
        }
        let norm = combined.norm
        guard norm > 0 else { return combined }
        let target = gamma * max(sum.norm, norm)
        return combined.map { $0 * target / norm }
    }

    /// The weights (w, 1 − w), w ∈ [0, 1], minimising ‖w·g₁ + (1 − w)·g₂‖ (two-task MGDA).
    static func minNormWeights(_ g1: [Float], _ g2: [Float]) -> (Float, Float) {
        let diff = zip(g1, g2).map { $0 - $1 }
        let denominator = diff.reduce(0) { $0 + $1 * $1 }
        guard denominator > 0 else { return (0.5, 0.5) }
        let w = min(max(zip(g2, diff).reduce(Float(0)) { $0 - $1.0 * $1.1 } / denominator, 0), 1)
        return (w, 1 - w)
    }
}

extension Array where Element == Float {
    /// The Euclidean norm.
    var norm: Float { reduce(0) { $0 + $1 * $1 }.squareRoot() }
}
