import Foundation

/// The shipped UCI digits as two views (top and bottom halves) with the irony construction,
/// α = irony count / mean class count (docs/METHOD.md). Key: `"alpha"`.
public struct DigitsIronyDataset: IronyDatasetDefinition {
    /// The name on the command line, in tables and in the key.
    public static let name = "digits-irony"
    /// The line `bench list datasets` shows.
    public static let summary = "UCI handwritten digits as top/bottom halves, plus ironic pairs whose bottom half comes from another digit (label 10; bundled data, split per seed)"

    /// Real digits shipped with the package (the irony construction is applied to them).
    public var bundledData: String? { "bundled real data: UCI handwritten digits" }

    /// The irony count over the mean class count.
    public var alpha: Double

    /// The dataset with irony ratio `alpha`.
    public init(alpha: Double) { self.alpha = alpha }

    /// Materialises the dataset for `seed`.
    public func load(_ input: DatasetInput, seed: UInt64) throws -> MultimodalDataset {
        try DigitsIrony.generate(alpha: alpha, seed: seed)
    }
}

extension DatasetSpec {
    /// digits-irony with irony ratio `alpha`.
    public static func digitsIrony(alpha: Double) -> DatasetSpec { DatasetSpec(DigitsIronyDataset(alpha: alpha)) }
}
