import Foundation

/// A dataset and all the parameters that determine its contents: the value grids, cells and
/// keys carry. Hash its ``canonicalJSON``.
///
/// Most specs are a ``DatasetDefinition`` value (``defined(_:)``), e.g. `.mosi` or
/// `.pidXOR(parameters)`, which are shorthands declared next to each definition. Two cases
/// wrap data that no definition describes: ``standInScaled(_:scale:timeSteps:)`` (any
/// dataset whose stand-in is shrunk) and ``folder(_:)`` (a user's folder of arrays, read at run
/// time). Adding a dataset adds a definition, not a case: nothing here names a dataset.
public enum DatasetSpec: Codable, Hashable, Sendable {
    /// A registered (or registrable) dataset with its parameters. Encoded as `"name"` plus the
    /// definition's own fields.
    case defined(any DatasetDefinition)
    /// A real benchmark (`base`) whose *stand-in* — used only when the real files are absent —
    /// has its split sizes multiplied by `scale` (each at least 64 examples) and, when
    /// `timeSteps` is given, its sequences cut to that many time steps, so that grids can keep
    /// their run time bounded on machines without the data. Real files, when found, are read
    /// exactly as for `base`. Encoded as `base`'s fields plus `surrogate_scale` (and
    /// `surrogate_time_steps`).
    indirect case standInScaled(DatasetSpec, scale: Double, timeSteps: Int? = nil)
    /// A folder of arrays with a `dataset.json` (``FeatureFolder``). Encoded as the manifest's
    /// name plus `folder` (path, manifest and content SHA-256, so the key follows the files).
    case folder(FeatureFolder)

    /// The spec of `definition`.
    public init(_ definition: some DatasetDefinition) { self = .defined(definition) }

    /// The dataset name used on the command line and in tables.
    public var name: String {
        switch self {
        case .defined(let d): d.name
        case .standInScaled(let base, _, _): base.name
        case .folder(let f): f.name
        }
    }

    /// The definition (nil for a feature folder).
    public var definition: (any DatasetDefinition)? {
        if case .defined(let d) = unscaled { return d }
        return nil
    }

    /// The feature folder at `path` (read and hashed when the grid is planned; see ``resolved(hash:)``).
    public static func folder(_ path: String) -> DatasetSpec { .folder(FeatureFolder(path: path)) }

    /// The spec with a feature folder's manifest read and its content hashed (other specs unchanged).
    public func resolved(hash: (URL) throws -> String = FileHashing.sha256Hex(of:)) throws -> DatasetSpec {
        switch self {
        case .folder(let f): .folder(try f.resolved(hash: hash))
        case .standInScaled(let base, let scale, let steps): .standInScaled(try base.resolved(hash: hash), scale: scale, timeSteps: steps)
        case .defined: self
        }
    }

    /// The feature folder, if this is one.
    public var featureFolder: FeatureFolder? {
        if case .folder(let f) = unscaled { return f }
        return nil
    }

    /// The number of modalities of the dataset (the definition's; a resolved feature folder's manifest count, else 2).
    public var modalityCount: Int {
        switch unscaled {
        case .folder(let f): f.modalityCount ?? 2
        default: definition?.modalityCount ?? 2
        }
    }

    /// How the dataset marks its synergistic examples (``SynergyConstruction/none`` for a folder).
    public var synergyConstruction: SynergyConstruction { definition?.synergyConstruction ?? .none }

    /// The spec without a stand-in scale.
    public var unscaled: DatasetSpec {
        if case .standInScaled(let base, _, _) = self { return base.unscaled }
        return self
    }

    /// The spec with default parameters for `name` (see ``DatasetRegistry``), or nil.
    public static func named(_ name: String) -> DatasetSpec? {
        DatasetRegistry.current.definition(named: name).map { DatasetSpec.defined($0.standard) }
    }

    /// All dataset names (``DatasetRegistry/current``), in listing order.
    public static var allNames: [String] { DatasetRegistry.current.names }

    /// True for the benchmarks read from files (which fall back to stand-ins).
    public var isRealBenchmark: Bool { definition?.isRealBenchmark ?? false }

    /// Equal when the canonical encodings are equal (the encoding is the identity of a spec).
    public static func == (lhs: DatasetSpec, rhs: DatasetSpec) -> Bool { lhs.canonicalJSON == rhs.canonicalJSON }

    /// Hashes the canonical encoding.
    public func hash(into hasher: inout Hasher) { hasher.combine(canonicalJSON) }

    // "surrogate_…" are the stored spellings: they are part of every scaled stand-in's cell key.
    private enum CodingKeys: String, CodingKey { case name, folder, standInScale = "surrogate_scale", standInTimeSteps = "surrogate_time_steps" }

    /// Decodes a spec; a definition is found by its name in ``DatasetRegistry/current``.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let scale = try c.decodeIfPresent(Double.self, forKey: .standInScale) {
            self = .standInScaled(try DatasetSpec(unscaledFrom: decoder), scale: scale,
                                    timeSteps: try c.decodeIfPresent(Int.self, forKey: .standInTimeSteps))
        } else {
            self = try DatasetSpec(unscaledFrom: decoder)
        }
    }

    private init(unscaledFrom decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let folder = try c.decodeIfPresent(FeatureFolder.self, forKey: .folder) {
            self = .folder(folder)
            return
        }
        let name = try c.decode(String.self, forKey: .name)
        guard let type = DatasetRegistry.current.definition(named: name) else {
            throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "unknown dataset '\(name)'")
        }
        self = .defined(try type.init(from: decoder))
    }

    /// Encodes `"name"` plus the definition's fields (or the folder, or the base plus the scale).
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        switch self {
        case .defined(let d): try d.encode(to: encoder)
        case .folder(let f): try c.encode(f, forKey: .folder)
        case .standInScaled(let base, let scale, let timeSteps):
            try base.encode(to: encoder)
            try c.encode(scale, forKey: .standInScale)
            try c.encodeIfPresent(timeSteps, forKey: .standInTimeSteps)
        }
    }

    /// The JSON encoding with sorted keys (stable across runs and platforms).
    public var canonicalJSON: String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? e.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? name
    }
}
