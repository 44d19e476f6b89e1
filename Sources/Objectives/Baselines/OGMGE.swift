import Foundation
import Tensors

/// OGM-GE: on-the-fly gradient modulation with generalisation enhancement (Peng, Wei, Deng,
/// Wang & Hu, "Balanced Multimodal Learning via On-the-fly Gradient Modulation", CVPR 2022).
///
/// Each step trains the fusion with cross-entropy, then rebalances the encoders' gradients:
/// score_m = Σ_batch softmax(share_m)[y], where share_m is modality m's part of the fused
/// logits (its half of the first fusion layer's weights plus half of its bias, then the rest
/// of the head — exactly the paper's split for a one-layer head; a token-fusion head is
/// applied with the other latents zeroed); ρ = score_0 / score_1. The
/// dominant modality's encoder gradients are multiplied by 1 − tanh(α·ρ) (α·1/ρ for modality
/// 1), the other's by 1, and Gaussian noise with the standard deviation of the unmodulated
/// gradient is added to every encoder tensor (the "GE" part). Active in `epochs`.
///
/// Defined for two modalities only (the ratio ρ compares exactly two scores): on other
/// datasets ``validate(for:)`` refuses to train and grids report "n/a (two modalities only)".
public struct OGMGE: TrainingObjective, Hashable, ModalityRestricted {
    /// Modulation strength α (0.8 for CREMA-D in the original).
    public var alpha: Float
    /// The epochs (0-based) in which modulation is active.
    public var epochs: Range<Int>
    /// Weight of the (detached) unimodal heads' losses.
    public var lambdaUni: Float

    /// OGM-GE with strength `alpha`, active in `epochs`.
    public init(alpha: Float = 0.8, epochs: Range<Int> = 0..<50, lambdaUni: Float = 1) {
        self.alpha = alpha
        self.epochs = epochs
        self.lambdaUni = lambdaUni
    }

    public var name: String { "ogm-ge" }

    public func validate(for data: PreparedDataset) throws {
        guard unsupportedReason(modalityCount: data.inputWidths.count) == nil else {
            throw ObjectiveError("ogm-ge: defined for two modalities only (its modulation compares two modalities' scores); \(data.name) has \(data.inputWidths.count)")
        }
    }

    /// "n/a (two modalities only)" unless `modalityCount` is 2.
    public func unsupportedReason(modalityCount: Int) -> String? {
        modalityCount == 2 ? nil : "n/a (two modalities only)"
    }


    public func loss(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> Tensor {
        Vanilla(lambdaUni: lambdaUni).loss(model, batch, &step)
    }

    public func accumulateGradients(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> Float {
        let z = model.encode(batch, &step.pass)
        let loss = Loss.crossEntropy(model.fuse(z, &step.pass), targets: batch.labels)
            + lambdaUni * unimodalHeadLosses(model, z, batch.labels, &step.pass)
        loss.backward()
        guard epochs.contains(step.epoch) else { return loss.item }
        let scores = (0..<2).map { OGMGE.score(share: OGMGE.share(of: $0, latents: z, model: model), labels: batch.labels) }
        let coefficients = OGMGE.coefficients(scores: scores, alpha: alpha)
        for m in 0..<2 {
            for p in model.encoders[m].parameters.tensors + (model.latentNorms[m]?.parameters.tensors ?? []) {
                OGMGE.modulate(p, coefficient: coefficients[m], rng: &step.maskRNG)
            }
        }
        return loss.item
    }

    /// The logits modality m alone contributes: for a concat head, (W_m z_m + b/2) through the
    /// rest of the head; for a token-fusion head, the head applied with the other latents zeroed.
    static func share(of m: Int, latents z: [Tensor], model: FusionModel) -> Tensor {
        guard let fusion = model.fusion.concatMLP else {
            var pass = ForwardPass.evaluation
            return model.fuse(z.indices.map { $0 == m ? z[$0].stopGradient() : Tensor.zeros(z[$0].shape) }, &pass)
        }
        return model.logits(share(of: m, latents: z, fusion: fusion))
    }

    /// The concat head's split: (W_m z_m + b/2) through the rest of the head.
    static func share(of m: Int, latents z: [Tensor], fusion: MLP) -> Tensor {
        let first = fusion.layers[0]
        let width = z[m].shape[1], offset = z[..<m].reduce(0) { $0 + $1.shape[1] }
        let weight = first.weight.stopGradient().slice(features: offset..<(offset + width))
        var h = z[m].stopGradient().linear(weight: weight, bias: first.bias.map { $0.stopGradient() * 0.5 })
        for layer in fusion.layers.dropFirst() { h = layer.frozen()(fusion.activation(h)) }
        return h
    }

    /// Σ over the batch of the softmax probability of the true class.
    static func score(share: Tensor, labels: [Int]) -> Float {
        let p = share.softmax().data, c = share.shape[1]
        return labels.enumerated().reduce(0) { $0 + p[$1.offset * c + $1.element] }
    }

    /// (1 − tanh(α·ρ), 1) when ρ = s₀/s₁ > 1, (1, 1 − tanh(α/ρ)) when ρ < 1, (1, 1) otherwise.
    static func coefficients(scores: [Float], alpha: Float) -> [Float] {
        let ratio = scores[0] / max(scores[1], 1e-12)
        if ratio > 1 { return [1 - Foundation.tanh(alpha * ratio), 1] }
        if ratio < 1 { return [1, 1 - Foundation.tanh(alpha / max(ratio, 1e-12))] }
        return [1, 1]
    }

    /// g ← g · coefficient + N(0, std(g)²), std the sample standard deviation of the unmodulated g.
    static func modulate(_ p: Tensor, coefficient: Float, rng: inout RandomStream) {
        guard var g = p.grad, g.count > 0 else { return }
        let mean = g.reduce(0, +) / Float(g.count)
        let variance = g.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Float(max(g.count - 1, 1))
        let std = variance.squareRoot() + 1e-8
        for i in g.indices { g[i] = g[i] * coefficient + rng.normal(std: std) }
        p.grad = g
    }
}
