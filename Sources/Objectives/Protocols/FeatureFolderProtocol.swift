extension ProtocolSettings {
    /// The `harness` protocol of a dataset that defines none (a feature folder): MLP encoders over
    /// (pooled) features, 20 epochs, batch 64, Adam 1e-3, λ 10, p 0.5.
    public static func featureBenchmark(modalityCount: Int) -> ProtocolSettings {
        ProtocolSettings(
            model: FusionModelConfiguration(encoderWidths: [128, 128], fusionWidths: [64], unimodalWidths: [64],
                                            dropout: 0.1,
                                            latentLayerNorm: true),                // the paper masks after encoder + LayerNorm
            training: TrainingConfiguration(epochs: 20, batchSize: 64, optimizer: .adam, learningRate: 1e-3, weightDecay: 1e-5,
                                            selection: .accuracy),
            lambda: 10, maskProbability: 0.5,
            fill: .shuffle,                                    // another example's latent: N(0, 1) on LayerNorm'd latents is out of
                                                               // distribution, the head learns to spot it instead of synergy
            level: .latent,
            learnedLambda: 10, learnedSparsity: 0.1,
            branchWeights: SynIB.defaultBranchWeights(modalityCount: modalityCount))  // 2/M each
    }
}
