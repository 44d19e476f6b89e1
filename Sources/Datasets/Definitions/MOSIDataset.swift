import Foundation

/// CMU-MOSI from MultiBench's `mosi_raw.pkl` or `mosi_data.pkl` (see docs/DATA.md), or a stand-in. No parameters.
public struct MOSIDataset: DatasetDefinition {
    /// The name on the command line, in tables and in the key.
    public static let name = "mosi"
    /// The line `bench list datasets` shows.
    public static let summary = "CMU-MOSI sentiment, vision + text sequences, binary labels (MultiBench pickle)"
    /// The default parameters (what `--dataset NAME` means).
    public static var standard: MOSIDataset { MOSIDataset() }

    /// The dataset.
    public init() {}

    /// Read from files (a stand-in when they are absent).
    public var isRealBenchmark: Bool { true }

    /// The files under `directory`, or the stand-in when they are absent.
    public func source(in directory: URL) -> DatasetLoader.Source {
        MultiBenchLoader.source(MultiBenchLoader.mosi, standIn: .mosi, in: directory)
    }

    /// Materialises the dataset for `seed`.
    public func load(_ input: DatasetInput, seed: UInt64) throws -> MultimodalDataset {
        try MultiBenchLoader.load(MultiBenchLoader.mosi, input)
    }
}

extension DatasetSpec {
    /// mosi (MultiBench; a stand-in when the pickle is absent).
    public static var mosi: DatasetSpec { DatasetSpec(MOSIDataset()) }
}
