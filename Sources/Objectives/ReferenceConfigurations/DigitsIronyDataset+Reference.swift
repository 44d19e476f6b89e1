import Datasets

extension DigitsIronyDataset: ReferenceConfigured {
    /// Feature-benchmark defaults with λ 1, p 0.3 (learned: λ 1, sparsity 0.01), 60 epochs and
    /// selection by validation macro-F1: the irony class is rare (18 of 359 validation
    /// examples), and macro-F1 sees it where accuracy barely does.
    public var referenceConfiguration: ReferenceConfiguration {
        var features = ReferenceConfiguration.featureBenchmark(modalityCount: modalityCount)
        features.lambda = 1; features.maskProbability = 0.3
        features.learnedLambda = 1; features.learnedSparsity = 0.01
        features.training.epochs = 60
        features.training.selection = .macroF1
        return features
    }
}
