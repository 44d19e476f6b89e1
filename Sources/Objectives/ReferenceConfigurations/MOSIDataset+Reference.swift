import Datasets

extension MOSIDataset: ReferenceConfigured {
    /// ``ReferenceConfiguration/multiBench(modalityCount:)`` with λ 0.1, p 0.3, batch 32. The
    /// learned mask's λ is from the `ablation` grid (best mean overall accuracy of λ ∈ {0.01, 0.1,
    /// 1, 10, 100}, ties to the larger; docs/METHOD.md): the MultiBench config's λ = 100
    /// collapses the model once the mask masks.
    public var referenceConfiguration: ReferenceConfiguration {
        var features = ReferenceConfiguration.multiBench(modalityCount: modalityCount)
        features.lambda = 0.1; features.maskProbability = 0.3
        features.learnedLambda = 0.1; features.learnedSparsity = 0.1
        features.training.batchSize = 32
        return features
    }
}
