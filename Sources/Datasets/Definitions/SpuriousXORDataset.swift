import Foundation

/// Spurious-XOR (docs/METHOD.md, "Spurious-XOR"): the XOR of two modalities' bits with a
/// training-only shortcut in modality 0, generated per seed. Key: `"spurious_xor"` with its constants.
public struct SpuriousXORDataset: DatasetDefinition {
    /// The name on the command line, in tables and in the key.
    public static let name = "spurious-xor"
    /// The line `bench list datasets` shows.
    public static let summary = "synthetic: XOR of two modalities' bits with a training-only shortcut in modality 0 (generated per seed)"
    /// The default parameters (what `--dataset NAME` means).
    public static var standard: SpuriousXORDataset { SpuriousXORDataset(SpuriousXORParameters()) }

    /// The generator's constants.
    public var parameters: SpuriousXORParameters

    /// Spurious-XOR with `parameters`.
    public init(_ parameters: SpuriousXORParameters) { self.parameters = parameters }

    enum CodingKeys: String, CodingKey { case parameters = "spurious_xor" }

    /// Decodes the parameters (the documented defaults when absent).
    public init(from decoder: Decoder) throws {
        parameters = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(SpuriousXORParameters.self, forKey: .parameters) ?? .init()
    }

    /// The generator tags the synergistic examples.
    public var synergyConstruction: SynergyConstruction { .synthetic }

    /// Materialises the dataset for `seed`.
    public func load(_ input: DatasetInput, seed: UInt64) throws -> MultimodalDataset {
        try SpuriousXORGenerator.generate(parameters, seed: seed)
    }
}

extension DatasetSpec {
    /// Spurious-XOR with `parameters`.
    public static func spuriousXOR(_ parameters: SpuriousXORParameters) -> DatasetSpec { DatasetSpec(SpuriousXORDataset(parameters)) }
}

/// The constants of the spurious-XOR generator (docs/METHOD.md, "Spurious-XOR").
public struct SpuriousXORParameters: Codable, Hashable, Sendable {
    /// Dimensions per modality (64).
    public var dimensions: Int = 64
    /// Dims of each modality carrying its bit (0–3).
    public var signalSize: Int = 4
    /// Dims of modality 0 carrying the training-only shortcut (4–9).
    public var shortcutSize: Int = 6
    /// Signal amplitude (2.2).
    public var amplitude: Double = 2.2
    /// Signal noise std (0.55).
    public var signalNoise: Double = 0.55
    /// Split sizes (300 / 120 / 30 000).
    public var trainSize: Int = 300
    public var validSize: Int = 120
    public var testSize: Int = 30_000

    /// The documented defaults.
    public init() {}
}
