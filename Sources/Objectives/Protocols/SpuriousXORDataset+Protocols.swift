import Datasets

extension SpuriousXORDataset: DatasetProtocols {
    /// `harness`: PID-XOR's settings (docs/METHOD.md, "PID-XOR").
    public var harnessProtocol: ProtocolSettings {
        ProtocolSettings(
            model: FusionModelConfiguration(encoderWidths: [256, 256], fusionWidths: [128, 128], unimodalWidths: [256],
                                            dropout: 0, latentLayerNorm: false),
            training: TrainingConfiguration(epochs: 30, batchSize: 64, optimizer: .adam, learningRate: 3e-4, weightDecay: 1e-5,
                                            selection: .accuracy),
            lambda: 10, maskProbability: 0.5,
            fill: .noise(1),                                   // N(0, 1) in place of a withheld input coordinate
            level: .input,                                     // masks act on x_m
            learnedLambda: 10, learnedSparsity: 0.1,
            branchWeights: SynIB.defaultBranchWeights(modalityCount: modalityCount))  // 2/M each
    }

    /// `authors`: PID-XOR's (the same script family; scripts/analysis/xor_spurious_pub.py itself
    /// is not audited here).
    public var authorsProtocol: ProtocolSettings? { PIDXORDataset.standard.authorsProtocol }
}
