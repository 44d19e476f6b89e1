/// Every setting of a learned mask (docs/METHOD.md, "Masks" and "Protocols"). The inner loop is
/// the same in every formulation: per-example keep-gates g = σ(ℓ / τ) (τ = 1) over v, Adam on ℓ
/// for `steps` steps minimising −CE(u_m(g·v + (1 − g)·ε), y) + sparsity · mean(1 − g), with the
/// model frozen. What differs between this project's mask and the authors' two is where the gates
/// start, the inner optimiser's details, and how the final gates corrupt the KL branch.
public struct LearnedGates: Codable, Hashable, Sendable {
    /// How the gates the inner loop ends with corrupt the KL branch.
    public enum Corruption: String, Codable, Hashable, Sendable {
        /// Withhold the coordinates whose gate ends below ½ (the unimodal support the inner loop
        /// found), fill them with ε: this project's mask.
        case withholdSupport = "withhold-support"
        /// Withhold the coordinates whose gate ends at or above ½ (everything but the unimodal
        /// support) with fresh N(0, 1): the authors' PID-XOR study (`destroy_block(x, g, [1])`
        /// with hard gates, scripts/analysis/rebuttal_entangled_xor.py).
        case withholdComplement = "withhold-complement"
        /// No threshold: the KL branch sees g·v + (1 − g)·ε with the soft final gates (the
        /// authors' benchmark code, src/synib/models/vlm/synib_mask_model.py).
        case soft
    }

    /// Inner Adam steps.
    public var steps: Int
    /// Inner Adam learning rate.
    public var learningRate: Float
    /// λ_M, the price of withholding: sparsity · mean(1 − g).
    public var sparsity: Float
    /// ℓ at the start of the inner loop (this project −1, the authors +1).
    public var initialLogit: Float
    /// Cosine annealing of the inner learning rate down to `learningRate × finalLearningRateScale`
    /// over the steps (the PID-XOR script: 0.1), nil: constant.
    public var finalLearningRateScale: Float?
    /// Clip the inner gradient's norm (over all gates of the batch) to this value, nil: no clipping.
    public var clipNorm: Float?
    /// Draw a new ε at every inner step (the authors) instead of once per corruption.
    public var freshNoise: Bool
    /// Stop the inner loop once the mean gate change stays below 1e-4 for 10 steps (the PID-XOR script).
    public var stopWhenStalled: Bool
    /// How the final gates corrupt the KL branch.
    public var corruption: Corruption
    /// Momentum of the latent moments ε is drawn from (latent level; 0.1 here, 0.01 = the
    /// authors' EMA decay 0.99, whose first batch sets the moments outright).
    public var momentsMomentum: Float

    /// Learned gates; see the properties.
    public init(steps: Int, learningRate: Float, sparsity: Float, initialLogit: Float, finalLearningRateScale: Float? = nil,
                clipNorm: Float? = nil, freshNoise: Bool = false, stopWhenStalled: Bool = false,
                corruption: Corruption = .withholdSupport, momentsMomentum: Float = 0.1) {
        self.steps = steps
        self.learningRate = learningRate
        self.sparsity = sparsity
        self.initialLogit = initialLogit
        self.finalLearningRateScale = finalLearningRateScale
        self.clipNorm = clipNorm
        self.freshNoise = freshNoise
        self.stopWhenStalled = stopWhenStalled
        self.corruption = corruption
        self.momentsMomentum = momentsMomentum
    }

    /// This project's mask (``Mask/learned(steps:learningRate:sparsity:)``): gates from ℓ = −1,
    /// constant learning rate, one ε, the support withheld.
    public static func harness(steps: Int, learningRate: Float, sparsity: Float) -> LearnedGates {
        LearnedGates(steps: steps, learningRate: learningRate, sparsity: sparsity, initialLogit: -1)
    }

    /// The authors' PID-XOR study (scripts/analysis/Xor_PID3Main_MaskSynIB_Search.py,
    /// `learn_one_gate`): ℓ = 1, Adam with cosine annealing to lr/10, clipping at 1, fresh noise,
    /// the stall stop, hard gates, the complement of the support withheld.
    public static func authorsXOR(steps: Int = 20, sparsity: Float) -> LearnedGates {
        LearnedGates(steps: steps, learningRate: 0.1, sparsity: sparsity, initialLogit: 1, finalLearningRateScale: 0.1,
                     clipNorm: 1, freshNoise: true, stopWhenStalled: true, corruption: .withholdComplement)
    }

    /// The authors' benchmark code (src/synib/models/vlm/synib_mask_model.py,
    /// `get_learnable_mask_multiclass`): ℓ = 1, constant lr 0.1, clipping at 1, fresh ε from the
    /// latent's EMA moments (decay 0.99), soft gates.
    public static func authorsBenchmark(steps: Int = 20, sparsity: Float) -> LearnedGates {
        LearnedGates(steps: steps, learningRate: 0.1, sparsity: sparsity, initialLogit: 1, clipNorm: 1, freshNoise: true,
                     corruption: .soft, momentsMomentum: 0.01)
    }
}
