import Foundation

/// MUStARD from MultiBench's `sarcasm.pkl` (see docs/DATA.md), or a stand-in. No parameters.
public struct MUStARDDataset: DatasetDefinition {
    /// The name on the command line, in tables and in the key.
    public static let name = "mustard"
    /// The line `bench list datasets` shows.
    public static let summary = "MUStARD sarcasm detection, vision + text sequences (MultiBench pickle)"
    /// The default parameters (what `--dataset NAME` means).
    public static var standard: MUStARDDataset { MUStARDDataset() }

    /// The dataset.
    public init() {}

    /// Read from files (a stand-in when they are absent).
    public var isRealBenchmark: Bool { true }

    /// The files under `directory`, or the stand-in when they are absent.
    public func source(in directory: URL) -> DatasetLoader.Source {
        MultiBenchLoader.source(MultiBenchLoader.mustard, standIn: .mustard, in: directory)
    }

    /// Materialises the dataset for `seed`.
    public func load(_ input: DatasetInput, seed: UInt64) throws -> MultimodalDataset {
        try MultiBenchLoader.load(MultiBenchLoader.mustard, input)
    }
}

extension DatasetSpec {
    /// mustard (MultiBench; a stand-in when the pickle is absent).
    public static var mustard: DatasetSpec { DatasetSpec(MUStARDDataset()) }
}
