import Foundation

/// UCI Multiple Features with the M-view irony construction (3 of 6 views from another digit;
/// see ``MultipleFeatures``). Key: `"alpha"`.
public struct MFeatIronyDataset: IronyDatasetDefinition {
    /// The name on the command line, in tables and in the key.
    public static let name = "mfeat-irony"
    /// The line `bench list datasets` shows.
    public static let summary = "mfeat plus ironic examples whose 3 of 6 views come from a digit of another class (label 10; bundled)"
    /// Real UCI Multiple Features views shipped with the package.
    public var bundledData: String? { "bundled real data: UCI Multiple Features" }

    /// The irony count over the mean class count.
    public var alpha: Double

    /// The dataset with irony ratio `alpha`.
    public init(alpha: Double) { self.alpha = alpha }

    /// One modality per view (six).
    public var modalityCount: Int { MultipleFeatures.views.count }

    /// Materialises the dataset for `seed`.
    public func load(_ input: DatasetInput, seed: UInt64) throws -> MultimodalDataset {
        try MultipleFeatures.irony(alpha: alpha, seed: seed)
    }
}

extension DatasetSpec {
    /// mfeat-irony with irony ratio `alpha`.
    public static func mfeatIrony(alpha: Double) -> DatasetSpec { DatasetSpec(MFeatIronyDataset(alpha: alpha)) }
}
