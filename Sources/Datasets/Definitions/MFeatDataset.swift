import Foundation

/// UCI Multiple Features: six views of the same 2000 digits (shipped; see ``MultipleFeatures``),
/// split per seed. No parameters.
public struct MFeatDataset: DatasetDefinition {
    /// The name on the command line, in tables and in the key.
    public static let name = "mfeat"
    /// The line `bench list datasets` shows.
    public static let summary = "UCI Multiple Features: 2000 handwritten digits as six feature-set views (six modalities; bundled, split per seed)"
    /// Real UCI Multiple Features views shipped with the package.
    public var bundledData: String? { "bundled real data: UCI Multiple Features" }
    /// The default parameters (what `--dataset NAME` means).
    public static var standard: MFeatDataset { MFeatDataset() }

    /// The dataset.
    public init() {}

    /// One modality per view (six).
    public var modalityCount: Int { MultipleFeatures.views.count }

    /// Materialises the dataset for `seed`.
    public func load(_ input: DatasetInput, seed: UInt64) throws -> MultimodalDataset {
        try MultipleFeatures.dataset(seed: seed)
    }
}

extension DatasetSpec {
    /// UCI Multiple Features.
    public static var mfeat: DatasetSpec { DatasetSpec(MFeatDataset()) }
}
