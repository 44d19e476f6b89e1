import Tensors

/// The reference of SynIB's KL term (docs/METHOD.md, "Objective" and "KL references").
public enum Reference: String, Codable, Hashable, Sendable, CaseIterable {
    /// Uniform over the classes: KL(q‖u) = log C − H(q).
    case uniform
    /// The class frequencies of the training split.
    case prior
    /// The detached prediction of the unimodal head of the modality that was kept.
    case anchor
    /// The detached prediction of the unimodal head of the modality that was *withheld*, on its
    /// clean latent, in the authors' direction KL(r ‖ q) (their `_kl_unimodal_anchor`:
    /// src/synib/models/vlm/synib_mask_model.py; MOSI, Hateful Memes, CREMA-D).
    case maskedAnchor = "masked-anchor"
    /// N(0, I) on the logits: KL(N(μ, diag σ²) ‖ N(0, I)) with μ the corrupted branch's logits
    /// and log σ² from the model's log-variance head on the branch's fused representation (the
    /// authors' `_gaussian_kl` and `logvar_head`: src/synib/models/vlm/synib_mask_model.py;
    /// UR-FUNNY, MUStARD).
    case gaussian

    /// Whether the model needs a log-variance head for this reference.
    public var needsLogVarianceHead: Bool { self == .gaussian }

    /// The KL term of the branch that withholds modality `withheld`: `logits` and
    /// `representation` are the branch's fused logits and fused representation, `latents` the
    /// clean latents of the whole batch, `rows` the branch's rows of the batch (nil: every row).
    func divergence(logits q: Tensor, representation: Tensor?, withheld: Int, latents: [Tensor], rows: [Int]?,
                    model: FusionModel, _ step: inout StepContext) -> Tensor {
        switch self {
        case .uniform, .prior, .anchor:
            return Loss.klDivergence(q, reference: distribution(withheld: withheld, latents: latents, rows: rows,
                                                                 model: model, &step))
        case .maskedAnchor:
            let z = rows.map { latents[withheld].stopGradient().gatherRows($0) } ?? latents[withheld].stopGradient()
            let r = model.unimodal(z, modality: withheld, &step.pass).softmax().data
            return Loss.klDivergenceFromReference(q, reference: .perRow(r))
        case .gaussian:
            guard let head = model.logVarianceHead, let representation else {
                preconditionFailure("the gaussian reference needs the model's log-variance head and the fused representation")
            }
            return Loss.gaussianKLToStandardNormal(mean: q, logVariance: head(representation))
        }
    }

    /// r for the categorical references that compare KL(q ‖ r).
    func distribution(withheld: Int, latents: [Tensor], rows: [Int]?, model: FusionModel,
                      _ step: inout StepContext) -> ReferenceDistribution {
        switch self {
        case .uniform:
            return .uniform(classes: step.classCount)
        case .prior:
            return .shared(step.classPrior)
        case .anchor:
            // Average of the kept modalities' unimodal predictions, computed on constants.
            let kept = latents.indices.filter { $0 != withheld }
            var probabilities: [Float]? = nil
            for m in kept {
                let z = rows.map { latents[m].stopGradient().gatherRows($0) } ?? latents[m].stopGradient()
                let q = model.unimodal(z, modality: m, &step.pass).softmax().data
                probabilities = probabilities.map { zip($0, q).map { $0 + $1 } } ?? q
            }
            return .perRow(probabilities!.map { $0 / Float(kept.count) })
        case .maskedAnchor, .gaussian:
            preconditionFailure("\(rawValue) is not a categorical KL(q ‖ r) reference")
        }
    }
}
