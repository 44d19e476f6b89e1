import Foundation

/// Hateful Memes as 768-d image and text embeddings, `hateful_memes/{train,dev_unseen,test_seen}.npz`
/// under the data directory (see docs/DATA.md), or a stand-in. No parameters.
public struct HatefulMemesDataset: DatasetDefinition {
    /// The name on the command line, in tables and in the key.
    public static let name = "hateful-memes"
    /// The line `bench list datasets` shows.
    public static let summary = "Hateful Memes, 768-d image and text embeddings per meme (npz per split)"
    /// The default parameters (what `--dataset NAME` means).
    public static var standard: HatefulMemesDataset { HatefulMemesDataset() }

    /// The dataset.
    public init() {}

    /// Read from files (a stand-in when they are absent).
    public var isRealBenchmark: Bool { true }

    /// The files under `directory`, or the stand-in when they are absent.
    public func source(in directory: URL) -> DatasetLoader.Source {
        if let urls = HatefulMemesLoader.locate(in: directory) { return .files(urls) }
        return .standIn(.hatefulMemes, lookedFor: HatefulMemesLoader.fileNames, in: directory)
    }

    /// Materialises the dataset for `seed`.
    public func load(_ input: DatasetInput, seed: UInt64) throws -> MultimodalDataset {
        switch input {
        case .files(let urls, let hashes): return try HatefulMemesLoader.load(urls: urls, hashes: hashes)
        case .standIn(let data): return data
        case .generated: throw DataError(file: Self.name, field: "spec", "not a generated dataset")
        }
    }
}

extension DatasetSpec {
    /// Hateful Memes (a stand-in when the files are absent).
    public static var hatefulMemes: DatasetSpec { DatasetSpec(HatefulMemesDataset()) }
}
