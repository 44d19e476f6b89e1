import Datasets

extension HatefulMemesDataset: ReferenceConfigured {
    /// A projection 768 → 512 per modality and a 2-layer Transformer over [image; text] tokens;
    /// λ 0.01, p 0.3 (learned: λ 0.01, sparsity 0.1), branch weights (1, 0.1).
    public var referenceConfiguration: ReferenceConfiguration {
        var features = ReferenceConfiguration.featureBenchmark(modalityCount: modalityCount)
        features.model = FusionModelConfiguration(
            encoderWidths: [512], fusionWidths: [], unimodalWidths: [128], dropout: 0.1, latentLayerNorm: false,
            encoderActivation: .identity,
            fusionTransformer: TransformerSettings(width: 512, layers: 2, heads: 8, feedForward: 512, dropout: 0.1))
        features.lambda = 0.01; features.maskProbability = 0.3
        features.learnedLambda = 0.01; features.learnedSparsity = 0.1
        features.branchWeights = [1, 0.1]
        return features
    }
}
