import Datasets

extension CremaDIronyDataset: ReferenceConfigured {
    /// As digits-irony (λ 1, p 0.3; learned λ 1, sparsity 0.01; selection by macro-F1, which
    /// sees the rare irony class) with 30 epochs.
    public var referenceConfiguration: ReferenceConfiguration {
        var features = ReferenceConfiguration.featureBenchmark(modalityCount: modalityCount)
        features.lambda = 1; features.maskProbability = 0.3
        features.learnedLambda = 1; features.learnedSparsity = 0.01
        features.training.epochs = 30
        features.training.selection = .macroF1
        return features
    }
}
