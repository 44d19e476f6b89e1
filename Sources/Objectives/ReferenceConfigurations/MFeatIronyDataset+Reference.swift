import Datasets

extension MFeatIronyDataset: ReferenceConfigured {
    /// mfeat's configuration with selection by validation macro-F1 (the irony class is small).
    public var referenceConfiguration: ReferenceConfiguration {
        var reference = MFeatDataset().referenceConfiguration
        reference.training.selection = .macroF1
        return reference
    }
}
