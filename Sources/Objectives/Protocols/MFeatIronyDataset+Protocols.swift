import Datasets

extension MFeatIronyDataset: DatasetProtocols {
    /// `harness`: mfeat's settings (six MLP encoders, latent masks with shuffle fill, λ 10, p 0.3;
    /// learned λ 1, sparsity 0.01; 30 epochs) with selection by validation macro-F1.
    public var harnessProtocol: ProtocolSettings {
        ProtocolSettings(
            model: FusionModelConfiguration(encoderWidths: [128, 128], fusionWidths: [64], unimodalWidths: [64],
                                            dropout: 0.1,
                                            latentLayerNorm: true),                // the paper masks after encoder + LayerNorm
            training: TrainingConfiguration(epochs: 30, batchSize: 64, optimizer: .adam, learningRate: 1e-3, weightDecay: 1e-5,
                                            selection: .macroF1),                              // the irony class is small
            lambda: 10, maskProbability: 0.3,
            fill: .shuffle,                                    // another example's latent: N(0, 1) on LayerNorm'd latents is out of distribution
            level: .latent,
            learnedLambda: 1, learnedSparsity: 0.01,
            branchWeights: SynIB.defaultBranchWeights(modalityCount: modalityCount))  // 2/M each
    }

    /// `authors`: the authors did not run mfeat-irony; this is their benchmark code's SynIB (both branches,
    /// soft learned gates from ℓ = 1 with EMA fill, permutation fill, the masked-modality anchor)
    /// with the settings of their irony benchmark, CREMA-D-irony, and their selection, schedule and
    /// patience, on this project's model and optimiser (docs/METHOD.md, "Protocols").
    public var authorsProtocol: ProtocolSettings? {
        let harness = harnessProtocol
        return ProtocolSettings(
            model: harness.model,
            training: TrainingConfiguration(epochs: 30, batchSize: 64, optimizer: .adam, learningRate: 1e-3, weightDecay: 1e-5,
                                            selection: .accuracy,                    // validate_with accuracy
                                            learningRateSchedule: LearningRateSchedule(warmupSteps: 780, restartPeriod: 4, restartMultiplier: 2),
                                            patience: 29),
            lambda: 1, maskProbability: 0.2,                                         // CREMA-D-irony's --l, --perturb_pmin
            fill: .permutation, level: .latent,                                      // z[randperm(B)] on z after LayerNorm
            learnedLambda: 1, learnedSparsity: 0.01,                                 // CREMA-D-irony's --perturb_lsparse
            branchWeights: SynIB.defaultBranchWeights(modalityCount: modalityCount),
            reference: .maskedAnchor,                                                // their irony benchmark's unimodal_anchor
            learnedGates: .authorsBenchmark(sparsity: 1),                            // 20 steps, lr 0.1, soft, EMA 0.99
            bothBranches: true)
    }
}
