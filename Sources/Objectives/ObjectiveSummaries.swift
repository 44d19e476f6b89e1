/// One-line descriptions of the objectives `ReferenceConfiguration.objective(named:)` knows, for `bench list objectives`.
public enum ObjectiveSummaries {
    /// The description of objective `name` (see ``ReferenceConfiguration/objectiveNames``), "" for an unknown name.
    public static func summary(of name: String) -> String {
        switch name {
        case "unimodal": "one model per modality, trained alone with cross-entropy (one cell per modality: unimodal-0, unimodal-1, …)"
        case "ensemble": "late fusion: the average of the unimodal models' predicted probabilities (no training)"
        case "vanilla": "joint fusion model trained with cross-entropy"
        case "synib-random": "SynIB: cross-entropy plus λ × KL(fused prediction with one modality randomly masked, p ‖ uniform) for each modality"
        case "synib-learned": "SynIB with a learned mask (sparsity price) instead of a random one"
        case "synib-oracle": "SynIB masking exactly the synthetic data's synergy block (PID-XOR only)"
        case "ogm-ge": "OGM-GE baseline: on-the-fly gradient modulation of the dominant modality (Peng et al., CVPR 2022)"
        case "mmpareto": "MMPareto baseline: multimodal and unimodal encoder gradients summed or combined by min-norm weights when they conflict (Wei & Hu, ICML 2024)"
        case "cml": "CML baseline: calibration penalty, fewer modalities must not be more confident (Ma et al., ICML 2023)"
        default: ""
        }
    }
}
