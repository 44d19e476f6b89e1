import Foundation

/// Every constant of the PID-XOR generator (DESIGN §4.1), with the documented defaults.
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
    /// Source probabilities for (u1, u2, red, syn) (0.45, 0, 0.45, 0.10).
    public var sourceProbabilities: [Double] = [0.45, 0, 0.45, 0.10]
    /// Training pool size before the validation hold-out (2000).
    public var trainSize: Int = 2000
    /// Fraction of the training pool held out for validation (0.1).
    public var validationFraction: Double = 0.1
    /// Test size (4000).
    public var testSize: Int = 4000

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
}

/// The constants of the spurious-XOR generator (DESIGN §4.2).
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

/// A dataset and all the parameters that determine its contents. Hash its ``canonicalJSON``.
public enum DatasetSpec: Codable, Hashable, Sendable {
    case pidXOR(PIDXORParameters)
    case spuriousXOR(SpuriousXORParameters)
    /// Digits two-view with the irony construction, α = irony count / mean class count.
    case digitsIrony(alpha: Double)
    case mosi, urFunny, mustard, hatefulMemes
    /// CREMA-D with the irony construction.
    case cremadIrony(alpha: Double)
    /// UCI Multiple Features: six views of the same digits (shipped; see ``MultipleFeatures``).
    case mfeat
    /// Multiple Features with the M-view irony construction (3 of 6 views from another digit).
    case mfeatIrony(alpha: Double)
    /// A real benchmark (`base`) whose *surrogate* — used only when the real files are absent —
    /// has its split sizes multiplied by `scale` (each at least 64 examples) and, when
    /// `timeSteps` is given, its sequences cut to that many time steps, so that grids can keep
    /// their run time bounded on machines without the data. Real files, when found, are read
    /// exactly as for `base`. Encoded as `base`'s fields plus `surrogate_scale` (and
    /// `surrogate_time_steps`).
    indirect case surrogateScaled(DatasetSpec, scale: Double, timeSteps: Int? = nil)

    /// The dataset name used on the command line and in tables.
    public var name: String {
        switch self {
        case .pidXOR: "pid-xor"
        case .spuriousXOR: "spurious-xor"
        case .digitsIrony: "digits-irony"
        case .mosi: "mosi"
        case .urFunny: "ur-funny"
        case .mustard: "mustard"
        case .hatefulMemes: "hateful-memes"
        case .cremadIrony: "cremad-irony"
        case .mfeat: "mfeat"
        case .mfeatIrony: "mfeat-irony"
        case .surrogateScaled(let base, _, _): base.name
        }
    }

    /// The number of modalities of the dataset (6 for mfeat, 2 for every other).
    public var modalityCount: Int {
        switch unscaled {
        case .mfeat, .mfeatIrony: MultipleFeatures.views.count
        default: 2
        }
    }

    /// The spec without a surrogate scale.
    public var unscaled: DatasetSpec {
        if case .surrogateScaled(let base, _, _) = self { return base.unscaled }
        return self
    }

    /// The spec with default parameters for `name` (irony α = 0.5), or nil.
    public static func named(_ name: String) -> DatasetSpec? {
        switch name {
        case "pid-xor": .pidXOR(PIDXORParameters())
        case "spurious-xor": .spuriousXOR(SpuriousXORParameters())
        case "digits-irony": .digitsIrony(alpha: 0.5)
        case "mosi": .mosi
        case "ur-funny": .urFunny
        case "mustard": .mustard
        case "hateful-memes": .hatefulMemes
        case "cremad-irony": .cremadIrony(alpha: 0.5)
        case "mfeat": .mfeat
        case "mfeat-irony": .mfeatIrony(alpha: 0.5)
        default: nil
        }
    }

    /// All dataset names.
    public static var allNames: [String] {
        ["pid-xor", "spurious-xor", "digits-irony", "mosi", "ur-funny", "mustard", "hateful-memes", "cremad-irony", "mfeat", "mfeat-irony"]
    }

    /// True for the benchmarks read from files (which fall back to surrogates).
    public var isRealBenchmark: Bool {
        switch self {
        case .mosi, .urFunny, .mustard, .hatefulMemes, .cremadIrony: true
        case .surrogateScaled(let base, _, _): base.isRealBenchmark
        default: false
        }
    }

    private enum CodingKeys: String, CodingKey { case name, pidXOR = "pid_xor", spuriousXOR = "spurious_xor", alpha, surrogateScale = "surrogate_scale", surrogateTimeSteps = "surrogate_time_steps" }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let scale = try c.decodeIfPresent(Double.self, forKey: .surrogateScale) {
            self = .surrogateScaled(try DatasetSpec(unscaledFrom: c), scale: scale,
                                    timeSteps: try c.decodeIfPresent(Int.self, forKey: .surrogateTimeSteps))
        } else {
            self = try DatasetSpec(unscaledFrom: c)
        }
    }

    private init(unscaledFrom c: KeyedDecodingContainer<CodingKeys>) throws {
        let name = try c.decode(String.self, forKey: .name)
        switch name {
        case "pid-xor": self = .pidXOR(try c.decodeIfPresent(PIDXORParameters.self, forKey: .pidXOR) ?? .init())
        case "spurious-xor": self = .spuriousXOR(try c.decodeIfPresent(SpuriousXORParameters.self, forKey: .spuriousXOR) ?? .init())
        case "digits-irony": self = .digitsIrony(alpha: try c.decodeIfPresent(Double.self, forKey: .alpha) ?? 0.5)
        case "cremad-irony": self = .cremadIrony(alpha: try c.decodeIfPresent(Double.self, forKey: .alpha) ?? 0.5)
        case "mfeat-irony": self = .mfeatIrony(alpha: try c.decodeIfPresent(Double.self, forKey: .alpha) ?? 0.5)
        default:
            guard let s = DatasetSpec.named(name) else {
                throw DecodingError.dataCorruptedError(forKey: .name, in: c, debugDescription: "unknown dataset '\(name)'")
            }
            self = s
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        switch self {
        case .pidXOR(let p): try c.encode(p, forKey: .pidXOR)
        case .spuriousXOR(let p): try c.encode(p, forKey: .spuriousXOR)
        case .digitsIrony(let a), .cremadIrony(let a), .mfeatIrony(let a): try c.encode(a, forKey: .alpha)
        case .surrogateScaled(let base, let scale, let timeSteps):
            try base.encode(to: encoder)
            try c.encode(scale, forKey: .surrogateScale)
            try c.encodeIfPresent(timeSteps, forKey: .surrogateTimeSteps)
        default: break
        }
    }

    /// The JSON encoding with sorted keys (stable across runs and platforms).
    public var canonicalJSON: String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? e.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? name
    }
}
