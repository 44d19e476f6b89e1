import Tensors

/// How a model is trained: the PID-XOR harness protocol's settings (docs/METHOD.md, "PID-XOR") by default.
public struct TrainingConfiguration: Codable, Hashable, Sendable {
    /// Passes over the training split.
    public var epochs: Int
    /// Examples per step.
    public var batchSize: Int
    /// The update rule.
    public var optimizer: OptimizerKind
    /// The learning rate.
    public var learningRate: Float
    /// Weight decay (L2 for Adam, decoupled for AdamW).
    public var weightDecay: Float
    /// The validation metric that picks the best epoch.
    public var selection: SelectionMetric
    /// Global gradient-norm clipping, if set.
    public var clipNorm: Float?
    /// Epochs of unimodal pre-training of each encoder (with its unimodal head) before joint
    /// training: the paper's protocol on the MultiBench tasks. Nil or 0: none.
    public var unimodalPretrainingEpochs: Int?
    /// The learning rate per optimiser step of joint training (nil: `learningRate` throughout;
    /// unimodal pre-training always runs at `learningRate`).
    public var learningRateSchedule: LearningRateSchedule?
    /// Early stopping: joint training ends once this many consecutive validations have not
    /// produced a new kept epoch (nil: every epoch runs). The kept epoch is still the selection
    /// rule's best; with `last-epoch` selection every epoch is kept, so it never triggers.
    public var patience: Int?

    /// A configuration; defaults: 30 epochs, batch 64, Adam, lr 3e-4, wd 1e-5, best validation
    /// accuracy, constant learning rate, no early stopping.
    public init(epochs: Int = 30, batchSize: Int = 64, optimizer: OptimizerKind = .adam, learningRate: Float = 3e-4,
                weightDecay: Float = 1e-5, selection: SelectionMetric = .accuracy, clipNorm: Float? = nil,
                unimodalPretrainingEpochs: Int? = nil, learningRateSchedule: LearningRateSchedule? = nil,
                patience: Int? = nil) {
        self.epochs = epochs
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.selection = selection
        self.clipNorm = clipNorm
        self.unimodalPretrainingEpochs = unimodalPretrainingEpochs
        self.learningRateSchedule = learningRateSchedule
        self.patience = patience
    }
}

/// How the epoch whose parameters are kept is chosen. Ties go to the later epoch (a model that
/// has trained longer at the same validation score). Each dataset's choice and its source are in
/// docs/METHOD.md ("Model selection").
public enum SelectionMetric: String, Codable, Hashable, Sendable {
    /// Validation accuracy (higher is better).
    case accuracy
    /// Validation macro-F1 (higher is better).
    case macroF1 = "macro-f1"
    /// Validation cross-entropy of the evaluated logits (lower is better).
    case loss
    /// The last epoch, whatever the validation split says.
    case lastEpoch = "last-epoch"
}
