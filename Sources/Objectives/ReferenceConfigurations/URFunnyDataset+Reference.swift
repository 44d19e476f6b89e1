import Datasets

extension URFunnyDataset: ReferenceConfigured {
    /// ``ReferenceConfiguration/multiBench(modalityCount:)`` with λ 0.001, p 0.7, learning rate
    /// 1e-3; the learned mask's λ 0.01 and sparsity 0.01 are from the `ablation` grid.
    public var referenceConfiguration: ReferenceConfiguration {
        var features = ReferenceConfiguration.multiBench(modalityCount: modalityCount)
        features.lambda = 0.001; features.maskProbability = 0.7
        features.learnedLambda = 0.01; features.learnedSparsity = 0.01
        features.training.learningRate = 1e-3
        return features
    }
}
