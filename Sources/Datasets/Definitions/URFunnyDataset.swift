import Foundation

/// UR-FUNNY from MultiBench's `humor.pkl` (see docs/DATA.md), or a stand-in. No parameters.
public struct URFunnyDataset: MultiBenchDatasetDefinition {
    /// The name on the command line, in tables and in the key.
    public static let name = "ur-funny"
    /// The line `bench list datasets` shows.
    public static let summary = "UR-FUNNY humour detection, vision + text sequences (MultiBench pickle)"
    /// The pickle's file names, class names and label rule.
    public static var benchmark: MultiBenchLoader.Benchmark { MultiBenchLoader.urFunny }
    /// The stand-in generated when the pickle is absent.
    public static var standIn: StandInSpec { .urFunny }

    /// The dataset.
    public init() {}
}

extension DatasetSpec {
    /// ur-funny (MultiBench; a stand-in when the pickle is absent).
    public static var urFunny: DatasetSpec { DatasetSpec(URFunnyDataset()) }
}
