import Foundation

/// UR-FUNNY from MultiBench's `humor.pkl` (see docs/DATA.md), or a stand-in. No parameters.
public struct URFunnyDataset: DatasetDefinition {
    /// The name on the command line, in tables and in the key.
    public static let name = "ur-funny"
    /// The line `bench list datasets` shows.
    public static let summary = "UR-FUNNY humour detection, vision + text sequences (MultiBench pickle)"
    /// The default parameters (what `--dataset NAME` means).
    public static var standard: URFunnyDataset { URFunnyDataset() }

    /// The dataset.
    public init() {}

    /// Read from files (a stand-in when they are absent).
    public var isRealBenchmark: Bool { true }

    /// The files under `directory`, or the stand-in when they are absent.
    public func source(in directory: URL) -> DatasetLoader.Source {
        MultiBenchLoader.source(MultiBenchLoader.urFunny, standIn: .urFunny, in: directory)
    }

    /// Materialises the dataset for `seed`.
    public func load(_ input: DatasetInput, seed: UInt64) throws -> MultimodalDataset {
        try MultiBenchLoader.load(MultiBenchLoader.urFunny, input)
    }
}

extension DatasetSpec {
    /// ur-funny (MultiBench; a stand-in when the pickle is absent).
    public static var urFunny: DatasetSpec { DatasetSpec(URFunnyDataset()) }
}
