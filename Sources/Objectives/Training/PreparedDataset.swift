import Datasets
import Tensors

/// One split as model inputs: per modality an [N, D] vector tensor (sequences averaged over
/// their valid steps, for MLP encoders) and, for sequence modalities, the raw [N, T, D]
/// tensor with its validity flags (for Transformer encoders); the labels and the tags.
public struct SplitTensors: Sendable {
    /// One [N, D_m] tensor per modality.
    public let inputs: [Tensor]
    /// For sequence modalities, [N, T, D_m] and the [N, T] validity flags; nil for vectors.
    public let sequences: [SequenceInput?]
    /// Class indices.
    public let labels: [Int]
    /// Per-example tags (see ``MultimodalDataset``).
    public let tags: [String: [String]]

    /// The number of examples.
    public var count: Int { labels.count }

    /// Converts a dataset split.
    public init(_ split: Split) {
        sequences = split.modalities.map(SequenceInput.init)
        inputs = zip(split.modalities, sequences).map { modality, sequence in
            sequence.map { $0.values.maskedMeanPool(valid: $0.valid) }
                ?? Tensor(shape: [modality.count, modality.featuresPerExample], data: modality.values)
        }
        labels = split.labels
        tags = split.tags
    }

    /// The examples `rows`, in that order (with their sequences when `withSequences`).
    public func batch(_ rows: [Int], withSequences: Bool = false) -> Batch {
        Batch(inputs: inputs.map { $0.gatherRows(rows) },
              sequences: withSequences ? sequences.map { $0?.rows(rows) } : inputs.map { _ in nil },
              labels: rows.map { labels[$0] },
              synergyTag: tags[Batch.synergyTagName].map { values in rows.map { values[$0] == "1" } })
    }
}

/// A batch of sequences: values [N, T, D] and validity flags [N, T] (1 = real step).
public struct SequenceInput: Sendable {
    /// The steps.
    public let values: Tensor
    /// 1 for a real step, 0 for padding, row-major [N, T].
    public let valid: [Float]

    /// A sequence batch.
    public init(values: Tensor, valid: [Float]) {
        precondition(values.rank == 3 && valid.count == values.shape[0] * values.shape[1],
                     "SequenceInput: \(valid.count) flags for values \(values.shape)")
        self.values = values
        self.valid = valid
    }

    /// The sequences of a [N, T, D] modality (valid steps: the last `length` ones, as
    /// MultiBench pads at the front), or nil for a vector modality.
    init?(_ modality: Modality) {
        guard modality.isSequence else { return nil }
        let (n, t) = (modality.shape[0], modality.shape[1])
        var valid = [Float](repeating: 0, count: n * t)
        for i in 0..<n {
            let length = min(max(modality.lengths?[i] ?? t, 0), t)
            for s in (t - length)..<t { valid[i * t + s] = 1 }
        }
        self.init(values: Tensor(shape: modality.shape, data: modality.values), valid: valid)
    }

    /// The sequences `rows`.
    func rows(_ rows: [Int]) -> SequenceInput {
        let t = values.shape[1]
        return SequenceInput(values: values.gatherRows(rows), valid: rows.flatMap { valid[($0 * t)..<($0 * t + t)] })
    }
}

/// A mini-batch.
public struct Batch: Sendable {
    /// The name of the per-example tag that marks synergistic examples ("1"/"0").
    public static let synergyTagName = "synergy"
    /// One [B, D_m] tensor per modality (sequences pooled).
    public let inputs: [Tensor]
    /// The raw sequences, when the model reads them (nil per vector modality).
    public let sequences: [SequenceInput?]
    /// Class indices.
    public let labels: [Int]
    /// Which rows the data marks as synergistic, when it knows (synthetic tasks).
    public let synergyTag: [Bool]?

    /// A batch of the given inputs and labels.
    public init(inputs: [Tensor], sequences: [SequenceInput?]? = nil, labels: [Int], synergyTag: [Bool]?) {
        self.inputs = inputs
        self.sequences = sequences ?? inputs.map { _ in nil }
        self.labels = labels
        self.synergyTag = synergyTag
    }

}

/// A dataset ready for training: tensors per split and the facts objectives need.
public struct PreparedDataset: Sendable {
    /// The dataset's name.
    public let name: String
    /// Training, validation and test splits.
    public let train: SplitTensors, valid: SplitTensors, test: SplitTensors
    /// The number of classes.
    public let classCount: Int
    /// Class frequencies of the training split (the `.prior` reference).
    public let classPrior: [Float]
    /// The input width of each modality (features per step for sequences).
    public let inputWidths: [Int]
    /// The modalities that are sequences.
    public var sequenceModalities: Set<Int> { Set(train.sequences.indices.filter { train.sequences[$0] != nil }) }
    /// Per modality, the coordinates that carry synergy (synthetic data; the oracle mask).
    public let synergyBlocks: [Int: Range<Int>]
    /// The dataset it was prepared from.
    public let source: MultimodalDataset

    /// Prepares `dataset`.
    public init(_ dataset: MultimodalDataset) {
        name = dataset.name
        train = SplitTensors(dataset.train)
        valid = SplitTensors(dataset.valid)
        test = SplitTensors(dataset.test)
        classCount = dataset.classNames.count
        var counts = [Float](repeating: 0, count: classCount)
        for y in dataset.train.labels { counts[y] += 1 }
        classPrior = counts.map { $0 / Float(max(dataset.train.count, 1)) }
        inputWidths = train.inputs.map { $0.shape[1] }
        synergyBlocks = dataset.synergyBlocks
        source = dataset
    }
}
