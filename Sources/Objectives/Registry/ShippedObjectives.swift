extension ObjectiveDefinition {
    /// The shipped objectives, in the order `bench list objectives` shows them.
    public static let shipped: [ObjectiveDefinition] = [
        ObjectiveDefinition("unimodal", summary: "one model per modality, trained alone with cross-entropy (one cell per modality: unimodal-0, unimodal-1, …)") {
            _, modality in Unimodal(modality: modality)
        },
        ObjectiveDefinition("ensemble", summary: "late fusion: the average of the unimodal models' predicted probabilities (no training)") { _, _ in Ensemble() },
        ObjectiveDefinition("vanilla", summary: "joint fusion model trained with cross-entropy") { _, _ in Vanilla() },
        ObjectiveDefinition("synib-random", summary: "SynIB: cross-entropy plus λ × KL(fused prediction with one modality randomly masked, p ‖ r) for each modality") {
            r, _ in SynIB(lambda: r.lambda, mask: .random(p: r.maskProbability, fill: r.fill), reference: r.reference ?? .uniform,
                          branchWeights: r.branchWeights, level: r.level,
                          companion: r.bothBranches ? r.learnedGates.map { .gates($0) } : nil)
        },
        ObjectiveDefinition("synib-learned", summary: "SynIB with a learned mask (sparsity price) instead of a random one") {
            r, _ in SynIB(lambda: r.learnedLambda, mask: r.learnedMask, reference: r.reference ?? .uniform, branchWeights: r.branchWeights,
                          level: r.level, companion: r.bothBranches ? .random(p: r.companionMaskProbability, fill: r.fill) : nil)
        },
        ObjectiveDefinition("synib-oracle", summary: "SynIB masking exactly the synthetic data's synergy block (PID-XOR only)") {
            r, _ in SynIB(lambda: r.lambda, mask: r.oracleMask, reference: r.reference ?? .uniform, branchWeights: r.branchWeights)
        },
        ObjectiveDefinition("synib-intact", summary: "control: SynIB's KL term on the intact input (a confidence penalty; what the paper's published PID-XOR random and learned arms computed)") {
            r, _ in SynIB(lambda: r.lambda, mask: .intact, reference: r.reference ?? .uniform, branchWeights: r.branchWeights, level: r.level)
        },
        ObjectiveDefinition("synib-full", summary: "control: SynIB withholding the whole modality (what a learned mask with saturated gates reduces to)") {
            r, _ in SynIB(lambda: r.lambda, mask: .full(fill: r.fill), reference: r.reference ?? .uniform, branchWeights: r.branchWeights, level: r.level)
        },
        ObjectiveDefinition("ogm-ge", summary: "OGM-GE baseline: on-the-fly gradient modulation of the dominant modality (Peng et al., CVPR 2022)") { _, _ in OGMGE() },
        ObjectiveDefinition("mmpareto", summary: "MMPareto baseline: multimodal and unimodal encoder gradients summed or combined by min-norm weights when they conflict (Wei & Hu, ICML 2024)") { _, _ in MMPareto() },
        ObjectiveDefinition("cml", summary: "CML baseline: calibration penalty, fewer modalities must not be more confident (Ma et al., ICML 2023)") { _, _ in CML() },
    ]
}
