import Datasets

extension CremaDIronyDataset: DatasetProtocols {
    /// `harness`: MLP encoders over the pooled features with LayerNorm on the latents; masks on the
    /// latents with shuffle fill; λ 1, p 0.3 (learned: λ 1, sparsity 0.01), 30 epochs.
    public var harnessProtocol: ProtocolSettings {
        ProtocolSettings(
            model: FusionModelConfiguration(encoderWidths: [128, 128], fusionWidths: [64], unimodalWidths: [64],
                                            dropout: 0.1,
                                            latentLayerNorm: true),                // the paper masks after encoder + LayerNorm
            training: TrainingConfiguration(epochs: 30, batchSize: 64, optimizer: .adam, learningRate: 1e-3, weightDecay: 1e-5,
                                            selection: .macroF1),                              // sees the rare irony class, accuracy barely does
            lambda: 1, maskProbability: 0.3,
            fill: .shuffle,                                    // another example's latent: N(0, 1) on LayerNorm'd latents is out of distribution
            level: .latent,
            learnedLambda: 1, learnedSparsity: 0.01,
            branchWeights: SynIB.defaultBranchWeights(modalityCount: modalityCount))  // 2/M each
    }

    /// `authors`: the authors' CREMA-D command (docs/REPRODUCE.md) over cremad/default.json and
    /// cremad/synib_u.json, on this project's feature encoders (theirs are ResNet-18s on
    /// spectrograms and frames); docs/METHOD.md, "Protocols", gives every source.
    public var authorsProtocol: ProtocolSettings? {
        var model = harnessProtocol.model
        model.fusionWidths = [64]                                                    // FusionTrunkLinear 1024 → 64
        return ProtocolSettings(
            model: model,
            training: TrainingConfiguration(epochs: 1500, batchSize: 128, optimizer: .adam, learningRate: 1e-5, weightDecay: 1e-5,
                                            selection: .accuracy,                    // validate_with accuracy
                                            unimodalPretrainingEpochs: 10,           // pretrained unimodal encoders
                                            learningRateSchedule: LearningRateSchedule(warmupSteps: 780, restartPeriod: 4, restartMultiplier: 2),
                                            patience: 29),
            lambda: 1, maskProbability: 0.2,                                         // --l 1.0 --perturb_pmin 0.20
            fill: .permutation, level: .latent,
            learnedLambda: 1, learnedSparsity: 0.01,                                 // --perturb_lsparse 0.01
            branchWeights: [1, 1],
            reference: .maskedAnchor,
            learnedGates: .authorsBenchmark(sparsity: 1),
            bothBranches: true)
    }
}
