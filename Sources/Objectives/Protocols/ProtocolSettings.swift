import Datasets
import Tensors

/// A protocol's settings for one dataset: model, training and SynIB, one flat value per dataset
/// and ``ProtocolName`` (each in its dataset's file in Protocols/, docs/METHOD.md, "Protocols").
/// `bench train` starts from these and its flags override them; the grids start from them too.
public struct ProtocolSettings: Codable, Hashable, Sendable {
    /// The model's shape.
    public var model: FusionModelConfiguration
    /// The training protocol.
    public var training: TrainingConfiguration
    /// λ of SynIB with random and oracle masks.
    public var lambda: Float
    /// p of the random mask.
    public var maskProbability: Float
    /// The random mask's fill.
    public var fill: Fill
    /// Where random masks act.
    public var level: CorruptionLevel
    /// λ of SynIB with learned masks.
    public var learnedLambda: Float
    /// The learned mask's sparsity price.
    public var learnedSparsity: Float
    /// w_m, one per modality (default 2/M each: ``SynIB/defaultBranchWeights(modalityCount:)``).
    public var branchWeights: [Float]
    /// The reference r of SynIB's KL term (nil: ``Reference/uniform``).
    public var reference: Reference? = nil
    /// Every setting of the learned mask (nil: this project's mask, ``Mask/learned(sparsity:)``).
    /// `learnedSparsity` overrides its sparsity, so `--set synib.learned_sparsity` acts on both.
    public var learnedGates: LearnedGates? = nil
    /// The oracle withholds the synergy block only on rows with this tag and scores every row
    /// (``Mask/taggedOracle(tag:)``, the authors' M*); nil: on every row (``Mask/oracle``).
    public var oracleTag: String? = nil
    /// Every SynIB run carries both a random and a learned branch (the authors' benchmark code):
    /// `synib-random` gets a learned companion with ``learnedGates`` as they are, `synib-learned` a
    /// random companion with p ``companionMaskProbability`` (their code's default p_min).
    public var bothBranches: Bool = false
    /// p of the random companion of `synib-learned` when ``bothBranches``.
    public var companionMaskProbability: Float = 0.5

    /// Settings with every value given (public, so that a dataset outside this module can write
    /// its protocol as one flat literal too).
    public init(model: FusionModelConfiguration, training: TrainingConfiguration, lambda: Float, maskProbability: Float,
                fill: Fill, level: CorruptionLevel, learnedLambda: Float, learnedSparsity: Float, branchWeights: [Float],
                reference: Reference? = nil, learnedGates: LearnedGates? = nil, oracleTag: String? = nil,
                bothBranches: Bool = false, companionMaskProbability: Float = 0.5) {
        self.model = model; self.training = training
        self.lambda = lambda; self.maskProbability = maskProbability; self.fill = fill; self.level = level
        self.learnedLambda = learnedLambda; self.learnedSparsity = learnedSparsity; self.branchWeights = branchWeights
        self.reference = reference; self.learnedGates = learnedGates; self.oracleTag = oracleTag
        self.bothBranches = bothBranches; self.companionMaskProbability = companionMaskProbability
    }

    /// The learned mask of `synib-learned`.
    public var learnedMask: Mask {
        guard var gates = learnedGates else { return .learned(sparsity: learnedSparsity) }
        gates.sparsity = learnedSparsity
        return .gates(gates)
    }

    /// The oracle mask of `synib-oracle`.
    public var oracleMask: Mask { oracleTag.map { .taggedOracle(tag: $0) } ?? .oracle }

    /// The objective names `objective(named:)` understands (``ObjectiveRegistry/current``).
    public static var objectiveNames: [String] { ObjectiveRegistry.current.names }

    /// The protocol settings of `spec`: its definition's when it is ``DatasetProtocols``
    /// (every shipped dataset), else (a feature folder, a dataset without one) the
    /// feature-benchmark defaults ``featureBenchmark(modalityCount:)`` for its modality count.
    public static func forDataset(_ spec: DatasetSpec) -> ProtocolSettings {
        if let configured = spec.definition as? any DatasetProtocols { return configured.harnessProtocol }
        return featureBenchmark(modalityCount: spec.modalityCount)
    }

    /// The settings of `spec` under protocol `name`; throws ``ProtocolError`` when the
    /// dataset has no such protocol (a feature folder has only `harness`).
    public static func forDataset(_ spec: DatasetSpec, protocol name: ProtocolName) throws -> ProtocolSettings {
        switch name {
        case .harness:
            return forDataset(spec)
        case .authors:
            guard let configured = spec.definition as? any DatasetProtocols, let authors = configured.authorsProtocol else {
                throw ProtocolError("protocol 'authors': \(spec.name) has no authors protocol (the SynIB authors did not run it); use protocol 'harness'")
            }
            return authors
        }
    }

    /// The protocol settings of the registered dataset `name` with its default parameters
    /// (see `DatasetSpec.allNames`); the two-modality feature-benchmark defaults for an unknown name.
    public static func forDataset(_ name: String) -> ProtocolSettings {
        DatasetSpec.named(name).map { forDataset($0) } ?? featureBenchmark(modalityCount: 2)
    }

    /// The objective called `name` (one of ``objectiveNames``, see ``ObjectiveRegistry``) with these settings.
    public func objective(named name: String, modality: Int = 0) throws -> any Objective {
        guard let definition = ObjectiveRegistry.current.definition(named: name) else {
            throw ObjectiveError("unknown objective '\(name)'; expected one of \(ProtocolSettings.objectiveNames.joined(separator: ", "))")
        }
        return try definition.make(self, modality)
    }
}
