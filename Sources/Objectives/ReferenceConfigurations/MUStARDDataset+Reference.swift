import Datasets

extension MUStARDDataset: ReferenceConfigured {
    /// ``ReferenceConfiguration/multiBench(modalityCount:)`` with λ 0.001, p 0.1, learning rate
    /// 5e-4; the learned mask's λ 0.1 and sparsity 10 are from the `ablation` grid.
    public var referenceConfiguration: ReferenceConfiguration {
        var features = ReferenceConfiguration.multiBench(modalityCount: modalityCount)
        features.lambda = 0.001; features.maskProbability = 0.1
        features.learnedLambda = 0.1; features.learnedSparsity = 10
        features.training.learningRate = 5e-4
        return features
    }
}
