import Foundation

/// A MultiBench affective task (MOSI, UR-FUNNY, MUStARD): read from its pickle under the data
/// directory (docs/DATA.md), or a generated stand-in when the pickle is absent. No parameters.
public protocol MultiBenchDatasetDefinition: DatasetDefinition {
    /// The pickle's file names, class names and label rule.
    static var benchmark: MultiBenchLoader.Benchmark { get }
    /// The stand-in generated when the pickle is absent.
    static var standIn: StandInSpec { get }
    /// The dataset.
    init()
}

extension MultiBenchDatasetDefinition {
    /// The dataset (there are no parameters).
    public static var standard: Self { Self() }

    /// Read from files (a stand-in when they are absent).
    public var isRealBenchmark: Bool { true }

    /// The pickle under `directory`, or the stand-in when it is absent.
    public func source(in directory: URL) -> DatasetLoader.Source {
        if let url = MultiBenchLoader.locate(Self.benchmark, in: directory) { return .files([url]) }
        return .standIn(Self.standIn, lookedFor: Self.benchmark.fileNames, in: directory)
    }

    /// The task read from its pickle, or the stand-in as generated.
    public func load(_ input: DatasetInput, seed: UInt64) throws -> MultimodalDataset {
        switch input {
        case .files(let urls, let hashes): return try MultiBenchLoader.load(Self.benchmark, url: urls[0], sha256: hashes[urls[0].path])
        case .standIn(let data): return data
        case .generated: throw DataError(file: Self.name, field: "spec", "not a generated dataset")
        }
    }
}
