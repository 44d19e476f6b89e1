import Foundation

/// MUStARD from MultiBench's `sarcasm.pkl` (see docs/DATA.md), or a stand-in. No parameters.
public struct MUStARDDataset: MultiBenchDatasetDefinition {
    /// The name on the command line, in tables and in the key.
    public static let name = "mustard"
    /// The line `bench list datasets` shows.
    public static let summary = "MUStARD sarcasm detection, vision + text sequences (MultiBench pickle)"
    /// The pickle's file names, class names and label rule.
    public static var benchmark: MultiBenchLoader.Benchmark { MultiBenchLoader.mustard }
    /// The stand-in generated when the pickle is absent.
    public static var standIn: StandInSpec { .mustard }

    /// The dataset.
    public init() {}
}

extension DatasetSpec {
    /// mustard (MultiBench; a stand-in when the pickle is absent).
    public static var mustard: DatasetSpec { DatasetSpec(MUStARDDataset()) }
}
