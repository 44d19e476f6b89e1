import Datasets

extension CremaDIronyDataset: DatasetProtocols {
    /// As digits-irony (λ 1, p 0.3; learned λ 1, sparsity 0.01; selection by macro-F1, which
    /// sees the rare irony class) with 30 epochs.
    public var harnessProtocol: ProtocolSettings {
        var features = ProtocolSettings.featureBenchmark(modalityCount: modalityCount)
        features.lambda = 1; features.maskProbability = 0.3
        features.learnedLambda = 1; features.learnedSparsity = 0.01
        features.training.epochs = 30
        features.training.selection = .macroF1
        return features
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
