import Foundation

/// CMU-MOSI from MultiBench's `mosi_raw.pkl` or `mosi_data.pkl` (see docs/DATA.md), or a stand-in. No parameters.
public struct MOSIDataset: MultiBenchDatasetDefinition {
    /// The name on the command line, in tables and in the key.
    public static let name = "mosi"
    /// The line `bench list datasets` shows.
    public static let summary = "CMU-MOSI sentiment, vision + text sequences, binary labels (MultiBench pickle)"
    /// The pickle's file names, class names and label rule.
    public static var benchmark: MultiBenchLoader.Benchmark { MultiBenchLoader.mosi }
    /// The stand-in generated when the pickle is absent.
    public static var standIn: StandInSpec { .mosi }

    /// The dataset.
    public init() {}
}

extension DatasetSpec {
    /// mosi (MultiBench; a stand-in when the pickle is absent).
    public static var mosi: DatasetSpec { DatasetSpec(MOSIDataset()) }
}
