import Datasets
import Tensors

/// Each dataset's protocol settings: model, training protocol and SynIB settings as
/// the paper's code used them (docs/METHOD.md, "Datasets"). `bench train` starts from these and its
/// flags override them; the grids start from them too.
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

    /// The configuration of `spec` under protocol `name`; throws ``ProtocolError`` when the
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

    /// The XOR tasks' configuration (docs/METHOD.md, "PID-XOR" exactly): the default model and
    /// training, λ 10, p 0.5, noise fill on the inputs (the reference masks inputs).
    public static func xor(modalityCount: Int) -> ProtocolSettings {
        ProtocolSettings(
            model: FusionModelConfiguration(), training: TrainingConfiguration(),
            lambda: 10, maskProbability: 0.5, fill: .noise(1), level: .input,
            learnedLambda: 10, learnedSparsity: 0.1,
            branchWeights: SynIB.defaultBranchWeights(modalityCount: modalityCount))
    }

    /// Feature benchmarks with MLP encoders over (pooled) features: 20 epochs, batch 64, Adam
    /// 1e-3; LayerNorm on the latents (the paper masks after encoders + LayerNorm); masks act on
    /// the latents and fill by shuffling (N(0, 1) noise on LayerNorm'd latents is out of
    /// distribution: the head learns to spot it instead of learning synergy; docs/METHOD.md);
    /// λ 10, p 0.5. Also the configuration of a feature folder.
    public static func featureBenchmark(modalityCount: Int) -> ProtocolSettings {
        var features = xor(modalityCount: modalityCount)
        features.fill = .shuffle
        features.model = FusionModelConfiguration(encoderWidths: [128, 128], fusionWidths: [64], unimodalWidths: [64],
                                                  dropout: 0.1, latentLayerNorm: true)
        features.training = TrainingConfiguration(epochs: 20, batchSize: 64, learningRate: 1e-3, weightDecay: 1e-5)
        features.level = .latent
        return features
    }

    /// MultiBench: a Transformer encoder per modality (width 40), concat (80) → 64 → ReLU → C;
    /// 10 epochs with 2 of unimodal pre-training, then joint fine-tuning; otherwise the
    /// feature-benchmark defaults (each benchmark sets its λ and p).
    public static func multiBench(modalityCount: Int) -> ProtocolSettings {
        var features = featureBenchmark(modalityCount: modalityCount)
        features.model = FusionModelConfiguration(encoderWidths: [40], fusionWidths: [64], unimodalWidths: [64],
                                                  dropout: 0.1, latentLayerNorm: true,
                                                  sequenceEncoder: TransformerSettings())
        features.training.epochs = 10
        features.training.unimodalPretrainingEpochs = 2
        return features
    }

    /// The objective called `name` (one of ``objectiveNames``, see ``ObjectiveRegistry``) with this configuration's settings.
    public func objective(named name: String, modality: Int = 0) throws -> any Objective {
        guard let definition = ObjectiveRegistry.current.definition(named: name) else {
            throw ObjectiveError("unknown objective '\(name)'; expected one of \(ProtocolSettings.objectiveNames.joined(separator: ", "))")
        }
        return try definition.make(self, modality)
    }
}
