import Foundation

/// PID-XOR (docs/METHOD.md, "PID-XOR"): two modalities mixing unique, redundant and
/// XOR-synergistic sources, generated per seed. Key: `"pid_xor"` with every generator constant.
public struct PIDXORDataset: DatasetDefinition {
    /// The name on the command line, in tables and in the key.
    public static let name = "pid-xor"
    /// The line `bench list datasets` shows.
    public static let summary = "synthetic: two 32-d modalities mixing unique, redundant and XOR-synergistic sources (generated per seed)"
    /// The default parameters (what `--dataset NAME` means).
    public static var standard: PIDXORDataset { PIDXORDataset(PIDXORParameters()) }

    /// The generator's constants.
    public var parameters: PIDXORParameters

    /// PID-XOR with `parameters`.
    public init(_ parameters: PIDXORParameters) { self.parameters = parameters }

    enum CodingKeys: String, CodingKey { case parameters = "pid_xor" }

    /// Decodes the parameters (the documented defaults when absent).
    public init(from decoder: Decoder) throws {
        parameters = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(PIDXORParameters.self, forKey: .parameters) ?? .init()
    }

    /// The generator tags the synergistic examples.
    public var synergyConstruction: SynergyConstruction { .synthetic }

    /// Materialises the dataset for `seed`.
    public func load(_ input: DatasetInput, seed: UInt64) throws -> MultimodalDataset {
        try PIDXORGenerator.generate(parameters, seed: seed)
    }
}

extension DatasetSpec {
    /// PID-XOR with `parameters`.
    public static func pidXOR(_ parameters: PIDXORParameters) -> DatasetSpec { DatasetSpec(PIDXORDataset(parameters)) }
}

/// Every constant of the PID-XOR generator (docs/METHOD.md, "PID-XOR"), with the documented defaults.
public struct PIDXORParameters: Codable, Hashable, Sendable {
    /// Dimensions per modality (32).
    public var dimensions: Int = 32
    /// Unique block size (6; dims 0–5).
    public var uniqueSize: Int = 6
    /// Redundant block size (6; dims 6–11).
    public var redundantSize: Int = 6
    /// Synergy block size (6; dims 12–17). The rest (14) is noise.
    public var synergySize: Int = 6
    /// Latent size of each signal (4).
    public var latentSize: Int = 4
    /// Signal strength: z = |N(0, strength²)|·sign(bit) (3.0).
    public var strength: Double = 3.0
    /// Standard deviation of the background noise (1.0).
    public var noiseStd: Double = 1.0
    /// Scale of the projection entries N(0,1)·scale (0.5).
    public var projectionScale: Double = 0.5
    /// Seed of the six fixed projection matrices, independent of the run seed.
    public var projectionSeed: UInt64 = 20_240_601
    /// Where the fixed matrices (projections and the mixing's rotations) come from instead of the
    /// `projectionSeed` and mixing-seed draws (nil: drawn; the authors' task instance:
    /// ``PIDXORMatrixSource/authors``).
    public var matrixSource: PIDXORMatrixSource? = nil
    /// Source probabilities for (u1, u2, red, syn) (0.45, 0, 0.45, 0.10).
    public var sourceProbabilities: [Double] = [0.45, 0, 0.45, 0.10]
    /// Training pool size before the validation hold-out (2000).
    public var trainSize: Int = 2000
    /// Fraction of the training pool held out for validation (0.1).
    public var validationFraction: Double = 0.1
    /// Test size (4000).
    public var testSize: Int = 4000
    /// How the coordinates are mixed before standardisation; nil: identity (not mixed).
    public var mixing: PIDXORMixing? = nil

    /// The documented defaults.
    public init() {}

    /// Defaults with source probabilities u1 = (1−s)/2, u2 = 0, red = (1−s)/2, syn = s.
    public init(synergyFraction s: Double) {
        self.init()
        sourceProbabilities = [(1 - s) / 2, 0, (1 - s) / 2, s]
    }

    /// The probability of the synergy source.
    public var synergyFraction: Double { sourceProbabilities.count == 4 ? sourceProbabilities[3] : 0 }

    /// The synergy block's coordinate range.
    public var synergyBlock: Range<Int> { (uniqueSize + redundantSize)..<(uniqueSize + redundantSize + synergySize) }

    /// The coordinates that carry unimodal information (unique and redundant blocks): what a mask
    /// that withholds the unimodal support should find.
    public var unimodalSupport: Range<Int> { 0..<(uniqueSize + redundantSize) }

    /// The contiguous blocks in the order unique, redundant, synergy, noise.
    public var blocks: [Range<Int>] {
        let s = synergyBlock
        return [0..<uniqueSize, uniqueSize..<s.lowerBound, s, s.upperBound..<dimensions]
    }
}
