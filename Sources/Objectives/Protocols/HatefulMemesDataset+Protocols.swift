import Datasets

extension HatefulMemesDataset: DatasetProtocols {
    /// `harness`: a projection 768 → 512 per modality and a 2-layer Transformer over [image; text]
    /// tokens; λ 0.01, p 0.3 (learned: λ 0.01, sparsity 0.1), branch weights (1, 0.1).
    public var harnessProtocol: ProtocolSettings {
        ProtocolSettings(
            model: FusionModelConfiguration(encoderWidths: [512], fusionWidths: [], unimodalWidths: [128],
                                            dropout: 0.1, latentLayerNorm: false,
                                            encoderActivation: .identity,          // a linear projection per modality
                                            fusionTransformer: TransformerSettings(width: 512, layers: 2, heads: 8, feedForward: 512,
                                                                                   dropout: 0.1)),
            training: TrainingConfiguration(epochs: 20, batchSize: 64, optimizer: .adam, learningRate: 1e-3, weightDecay: 1e-5,
                                            selection: .accuracy),
            lambda: 0.01, maskProbability: 0.3,
            fill: .shuffle,                                    // another example's latent
            level: .latent,
            learnedLambda: 0.01, learnedSparsity: 0.1,
            branchWeights: [1, 0.1])                           // the authors' l_pareto 0.1 on the second branch
    }

    /// `authors`: the authors' Hateful Memes command (docs/REPRODUCE.md) over
    /// default_config_hm.json, tiers/small_tf_deberta.json and methods/synib_u.json;
    /// docs/METHOD.md, "Protocols", gives every source.
    public var authorsProtocol: ProtocolSettings? {
        ProtocolSettings(
            model: FusionModelConfiguration(
                encoderWidths: [512], fusionWidths: [], unimodalWidths: [],          // proj Linear(768, 512); head Linear(512, 2)
                dropout: 0.1, latentLayerNorm: true,                                  // LayerNorm (no affine) after proj
                encoderActivation: .identity,
                fusionTransformer: TransformerSettings(width: 512, layers: 2, heads: 8, feedForward: 2048,  // ff_mult 4
                                                       dropout: 0.1, normFirst: true)),                      // norm_first=True
            training: TrainingConfiguration(epochs: 50, batchSize: 32, optimizer: .adamw, learningRate: 1e-4, weightDecay: 1e-4,
                                            selection: .accuracy,
                                            learningRateSchedule: LearningRateSchedule(warmupSteps: 100, restartPeriod: 4, restartMultiplier: 2),
                                            patience: 19),                           // n_steps_stop 20
            lambda: 0.01, maskProbability: 0.3,                                      // --l 0.01, --perturb_pmin 0.3 (p_max unused)
            fill: .permutation, level: .latent,
            learnedLambda: 0.01, learnedSparsity: 0.1,                               // --perturb_lsparse 0.1
            branchWeights: [1, 0.1],                                                 // --l_pareto 0.1
            reference: .maskedAnchor,                                                // unimodal_anchor
            learnedGates: .authorsBenchmark(steps: 5, sparsity: 1),                  // perturb.steps 5, lsparse 1.0
            bothBranches: true)
    }
}
