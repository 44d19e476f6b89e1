import Tensors

/// The reference distribution r of SynIB's KL term (docs/METHOD.md, "Objective").
public enum Reference: String, Codable, Hashable, Sendable {
    /// Uniform over the classes: KL(q‖u) = log C − H(q).
    case uniform
    /// The class frequencies of the training split.
    case prior
    /// The detached prediction of the unimodal head of the modality that was kept.
    case anchor

    /// r for the branch that withholds modality `withheld`, on the given rows of the batch.
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
        }
    }
}
