import Datasets
import Tensors

/// A training objective: a value that names itself, encodes all its hyper-parameters (the
/// harness hashes that encoding into the cell key), and, for objectives that train a model,
/// gives the loss of a batch and the logits used for evaluation.
public protocol Objective: Encodable, Sendable {
    /// The name used on the command line and in tables, e.g. "vanilla", "synib-random".
    var name: String { get }
}

/// An objective that trains a ``FusionModel`` (everything but ``Ensemble``).
public protocol TrainingObjective: Objective {
    /// Checks that the objective can run on `data` (e.g. the oracle needs a synergy block).
    func validate(for data: PreparedDataset) throws
    /// The loss of one training batch.
    func loss(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> Tensor
    /// Writes this batch's gradients into the parameters and returns the loss value. The
    /// default is `loss(...).backward()`; gradient-surgery baselines (OGM-GE, MMPareto)
    /// override it.
    func accumulateGradients(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> Float
    /// The logits the trained model is evaluated with.
    func logits(_ model: FusionModel, _ batch: Batch) -> Tensor
    /// Whether the model needs a log-variance head on the fused representation (SynIB's
    /// Gaussian reference); the trainer builds one only then, so other models are unchanged.
    var needsLogVarianceHead: Bool { get }
}

extension TrainingObjective {
    /// Most objectives run on any dataset.
    public func validate(for data: PreparedDataset) throws {}

    /// Most objectives use the model's standard heads only.
    public var needsLogVarianceHead: Bool { false }

    /// Backpropagates ``loss(_:_:_:)``.
    public func accumulateGradients(_ model: FusionModel, _ batch: Batch, _ step: inout StepContext) -> Float {
        let l = loss(model, batch, &step)
        l.backward()
        return l.item
    }

    /// The fusion head's logits.
    public func logits(_ model: FusionModel, _ batch: Batch) -> Tensor {
        var pass = ForwardPass.evaluation
        return model.fuse(model.encode(batch, &pass), &pass)
    }
}

/// What a loss may use besides the model and the batch: the training pass (dropout), a
/// random stream for corruptions, dataset facts, and state carried across steps.
public struct StepContext {
    /// The forward pass (training mode, dropout stream).
    public var pass: ForwardPass
    /// The stream corruptions draw from (separate from dropout and shuffling, so that λ = 0
    /// consumes nothing and reproduces vanilla exactly).
    public var maskRNG: RandomStream
    /// Class frequencies of the training split.
    public let classPrior: [Float]
    /// The number of classes.
    public let classCount: Int
    /// Synergy coordinates per modality (synthetic data; in the source basis when mixed).
    public let synergyBlocks: [Int: Range<Int>]
    /// The way back to the source basis of mixed synthetic data, per modality (the oracle's).
    public let sourceBases: [Int: SourceBasis]
    /// Running statistics of each latent (noise for learned masks).
    public var latentMoments: [RunningMoments]
    /// The current epoch (0-based), for objectives active in a window of epochs.
    public var epoch: Int = 0
    /// What the corruptions of this run withheld (SynIB records every mask it draws).
    public var maskDiagnostics: MaskDiagnostics

    /// A context; see the properties.
    public init(pass: ForwardPass, maskRNG: RandomStream, classPrior: [Float], classCount: Int,
                synergyBlocks: [Int: Range<Int>], sourceBases: [Int: SourceBasis] = [:], latentMoments: [RunningMoments]) {
        self.pass = pass
        self.maskRNG = maskRNG
        self.classPrior = classPrior
        self.classCount = classCount
        self.synergyBlocks = synergyBlocks
        self.sourceBases = sourceBases
        self.latentMoments = latentMoments
        self.maskDiagnostics = MaskDiagnostics(modalities: latentMoments.count)
    }
}

/// The cross-entropy of every unimodal head on its *detached* latent: Σ_m CE(u_m(sg(z_m)), y).
func unimodalHeadLosses(_ model: FusionModel, _ latents: [Tensor], _ labels: [Int],
                        _ pass: inout ForwardPass) -> Tensor {
    latents.indices
        .map { Loss.crossEntropy(model.unimodal(latents[$0].stopGradient(), modality: $0, &pass), targets: labels) }
        .reduce(Tensor.scalar(0), +)
}
