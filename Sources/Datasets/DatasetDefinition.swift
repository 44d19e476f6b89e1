import Foundation

/// A dataset: one type that knows its name, the parameters that go into cell keys, where its
/// data comes from, how to load it, its stand-in when real files are absent and which synergy
/// subsets it supports. Register it with one line, ``DatasetRegistry/register(_:)``, and
/// `DatasetSpec.named(Self.name)` and `bench list datasets` know it; grids use it as
/// `Dataset(DatasetSpec(MyDataset()))`. Its protocol settings (model, training, SynIB
/// settings) comes from conforming to `DatasetProtocols` (module Objectives); without it a
/// dataset gets the feature-benchmark defaults. See docs/EXTENDING.md, "Add a dataset".
///
/// The type's stored properties are its parameters: they are encoded next to `"name"` in the
/// dataset's part of the cell key, so choose their coding keys once and keep them (and not
/// `name`, `folder`, `surrogate_scale` or `surrogate_time_steps`, which ``DatasetSpec`` uses).
public protocol DatasetDefinition: Codable, Hashable, Sendable {
    /// The name on the command line, in tables and in the key (unique in the registry).
    static var name: String { get }
    /// One line for `bench list datasets`.
    static var summary: String { get }
    /// The dataset with its default parameters (what `--dataset NAME` means).
    static var standard: Self { get }
    /// The number of modalities (default 2).
    var modalityCount: Int { get }
    /// How the dataset marks its synergistic examples, which decides the synergy subsets and
    /// report columns it supports (default ``SynergyConstruction/none``).
    var synergyConstruction: SynergyConstruction { get }
    /// True for a benchmark read from files (which falls back to a stand-in); default false.
    var isRealBenchmark: Bool { get }
    /// The real data the package ships for this dataset (e.g. "bundled UCI digits"), shown by
    /// `bench list datasets` instead of "generated"; nil (the default) when it is synthetic.
    var bundledData: String? { get }
    /// Where the data comes from under `directory`: generated (the default), files found, or a
    /// stand-in with the reason (``DatasetLoader/Source/standIn(_:lookedFor:in:)``).
    func source(in directory: URL) -> DatasetLoader.Source
    /// Whether data read from files or a stand-in depends on the seed (it always does when
    /// generated); default false. It decides whether the seed is part of the feature-cache key.
    var seedChangesStoredData: Bool { get }
    /// Materialises the dataset for `seed` from what ``source(in:)`` found.
    func load(_ input: DatasetInput, seed: UInt64) throws -> MultimodalDataset
}

/// What a ``DatasetDefinition`` loads from.
public enum DatasetInput: Sendable {
    /// Nothing: the dataset is generated.
    case generated
    /// The files ``DatasetDefinition/source(in:)`` found, with their SHA-256 (hex) by path.
    case files([URL], hashes: [String: String])
    /// The stand-in generated from the definition's ``StandInSpec`` (real files absent).
    case standIn(MultimodalDataset)
}

/// How a dataset marks its synergistic examples (which synergy subsets its report shows).
public enum SynergyConstruction: Sendable {
    /// No construction: only the subsets computed from unimodal predictions.
    case none
    /// Synthetic data whose generator tags the synergistic examples.
    case synthetic
    /// Real data with constructed ironic examples (tagged, with the irony class).
    case irony
}

extension DatasetDefinition {
    /// Two modalities.
    public var modalityCount: Int { 2 }
    /// No synergy construction.
    public var synergyConstruction: SynergyConstruction { .none }
    /// Not read from files.
    public var isRealBenchmark: Bool { false }
    /// Synthetic.
    public var bundledData: String? { nil }
    /// Generated.
    public func source(in directory: URL) -> DatasetLoader.Source { .generated }
    /// Stored data does not depend on the seed.
    public var seedChangesStoredData: Bool { false }
    /// The name of the type (``DatasetDefinition/name``).
    public var name: String { Self.name }
}

extension DatasetLoader.Source {
    /// A stand-in for files looked for under `directory` and not found, with the
    /// reason the loader logs ("real files not found under DIR/ (looked for …); see docs/DATA.md").
    public static func standIn(_ standIn: StandInSpec, lookedFor names: [String], in directory: URL) -> Self {
        .standIn(standIn, reason: "real files not found under \(directory.path)/ (looked for \(names.joined(separator: " or "))); see docs/DATA.md")
    }
}
