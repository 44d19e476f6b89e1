import Datasets

/// A dataset definition with its own reference configuration (model, training protocol, SynIB
/// settings), which ``ReferenceConfiguration/forDataset(_:)`` returns. Every
/// shipped dataset conforms here, in module Objectives (module Datasets knows no models); a
/// new dataset conforms in its own file. A dataset that does not conform gets
/// ``ReferenceConfiguration/featureBenchmark(modalityCount:)``.
public protocol ReferenceConfigured: DatasetDefinition {
    /// The configuration grids and `bench train` start from for this dataset.
    var referenceConfiguration: ReferenceConfiguration { get }
}
