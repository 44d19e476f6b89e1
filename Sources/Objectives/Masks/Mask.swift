import Tensors

/// How SynIB withholds a modality (docs/METHOD.md, "Masks"): which coordinates of
/// `z_m` (or `x_m`) are replaced, and with what.
public enum Mask: Codable, Hashable, Sendable {
    /// Each coordinate independently with probability `p`, filled by `fill`.
    case random(p: Float, fill: Fill)
    /// Per-example soft keep-gates optimised against the unimodal head (latent level only).
    case learned(steps: Int, learningRate: Float, sparsity: Float)
    /// The known synergy block (synthetic data), filled with N(0, 1), on every row, or with a
    /// `tag`, only on the rows whose tag is "1" (those rows alone are then scored). Always acts
    /// on the input, where the block is known. Masking every row is docs/METHOD.md's oracle and
    /// the default: on PID-XOR it reaches ≈ 0.96 synergy accuracy in 30 epochs, while the
    /// row-restricted variant needs ≈ 60 epochs to reach 0.85.
    case oracle(tag: String?)
    /// The known synergy block withheld on the rows whose `tag` is "1" and every row scored, the
    /// others intact (the SynIB authors' M*: their per-example block ids mark the synergy block
    /// only where the synergy source is active). On mixed data the block is withheld in the
    /// source basis (``SourceBasis``).
    case taggedOracle(tag: String)
    /// Learned gates with every setting spelled out (``LearnedGates``; the authors' formulations).
    case gates(LearnedGates)
    /// Nothing withheld: the KL acts on the intact input, a confidence penalty (what the paper's
    /// published PID-XOR random and learned arms computed).
    case intact
    /// The whole modality withheld and filled by `fill` (what a learned mask whose gates all
    /// saturate reduces to).
    case full(fill: Fill)

    /// The name used in tables: "random", "learned", "oracle", "intact", "full".
    public var kind: String {
        switch self {
        case .random: "random"
        case .learned, .gates: "learned"
        case .oracle, .taggedOracle: "oracle"
        case .intact: "intact"
        case .full: "full"
        }
    }

    /// Whether the mask needs a known synergy block (synthetic data).
    public var needsSynergyBlock: Bool {
        switch self {
        case .oracle, .taggedOracle: true
        default: false
        }
    }

    /// The learned-gate settings of a learned mask (the short `.learned` form expanded), else nil.
    public var learnedGates: LearnedGates? {
        switch self {
        case .learned(let steps, let lr, let sparsity): .harness(steps: steps, learningRate: lr, sparsity: sparsity)
        case .gates(let g): g
        default: nil
        }
    }

    /// The defaults of docs/METHOD.md, "Masks": `.learned(steps: 10, learningRate: 0.1, sparsity:)`.
    public static func learned(sparsity: Float) -> Mask { .learned(steps: 10, learningRate: 0.1, sparsity: sparsity) }

    /// `.oracle(tag: nil)`: the synergy block on every row.
    public static var oracle: Mask { .oracle(tag: nil) }
}

/// What replaces the withheld coordinates of a random mask.
public enum Fill: Codable, Hashable, Sendable {
    /// The same coordinate of another example of the batch.
    case shuffle
    /// Gaussian noise N(0, σ²).
    case noise(Float)
    /// The same coordinate of the example a uniformly random permutation of the batch assigns
    /// (a row may draw itself, as `z[randperm(B)]` does in the authors' code).
    case permutation
}

/// Where the corruption acts.
public enum CorruptionLevel: String, Codable, Hashable, Sendable {
    /// On the latent z_m after the encoder (and LayerNorm): the default.
    case latent
    /// On the input x_m, which is then re-encoded (the XOR protocol settings).
    case input
}

/// A concrete corruption of one [N, D] tensor: `corrupted = x.replacing(where: mask, with: fill)`
/// (or, soft, `x·(1 − mask) + fill·mask`), to be scored on `rows` (nil: every row).
public struct Corruption {
    /// 1 where a coordinate is withheld, 0 where it is kept (in [0, 1] when soft).
    public let mask: Tensor
    /// The replacement values (no gradient).
    public let fill: Tensor
    /// The rows the corruption applies to, or nil for all.
    public let rows: [Int]?
    /// Whether `mask` holds weights in [0, 1] that mix x and the fill rather than 0/1 choices.
    public let soft: Bool

    /// A corruption; see the properties.
    public init(mask: Tensor, fill: Tensor, rows: [Int]?, soft: Bool = false) {
        self.mask = mask
        self.fill = fill
        self.rows = rows
        self.soft = soft
    }

    /// Applies the corruption to `x`.
    public func apply(to x: Tensor) -> Tensor {
        guard soft else { return x.replacing(where: mask, with: fill) }
        let keep = Tensor(shape: mask.shape, data: mask.data.map { 1 - $0 })
        let mixedIn = Tensor(shape: mask.shape, data: zip(mask.data, fill.data).map { $0 * $1 })
        return x * keep + mixedIn
    }
}
