import Foundation

/// CREMA-D with the irony construction: `cremad/{train,valid,test}.npz` under the data
/// directory, or a stand-in (the irony construction is applied to either, per seed). Key: `"alpha"`.
public struct CremaDIronyDataset: IronyDatasetDefinition {
    /// The name on the command line, in tables and in the key.
    public static let name = "cremad-irony"
    /// The line `bench list datasets` shows.
    public static let summary = "CREMA-D emotion, audio + video features, with contradicting audio for ironic clips (npz per split)"

    /// The irony count over the mean class count.
    public var alpha: Double

    /// The dataset with irony ratio `alpha`.
    public init(alpha: Double) { self.alpha = alpha }

    /// Read from files (a stand-in when they are absent).
    public var isRealBenchmark: Bool { true }
    /// The irony construction depends on the seed, for files and stand-in alike.
    public var seedChangesStoredData: Bool { true }

    /// The files under `directory`, or the stand-in when they are absent.
    public func source(in directory: URL) -> DatasetLoader.Source {
        if let urls = CremaDLoader.locate(in: directory) { return .files(urls) }
        return .standIn(.cremad, lookedFor: CremaDLoader.fileNames, in: directory)
    }

    /// Materialises the dataset for `seed`.
    public func load(_ input: DatasetInput, seed: UInt64) throws -> MultimodalDataset {
        switch input {
        case .files(let urls, let hashes):
            return try CremaDLoader.irony(try CremaDLoader.loadBase(urls: urls, hashes: hashes), alpha: alpha, seed: seed)
        case .standIn(let base):
            return try CremaDLoader.irony(base, alpha: alpha, seed: seed)
        case .generated:
            throw DataError(file: Self.name, field: "spec", "not a generated dataset")
        }
    }
}

extension DatasetSpec {
    /// cremad-irony with irony ratio `alpha`.
    public static func cremadIrony(alpha: Double) -> DatasetSpec { DatasetSpec(CremaDIronyDataset(alpha: alpha)) }
}
