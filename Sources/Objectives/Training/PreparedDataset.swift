import Datasets
import Tensors

/// One split as model inputs: one [N, D] tensor per modality (sequences pooled to vectors by
/// a mean over their valid steps), the labels, and the per-example tags.
public struct SplitTensors: Sendable {
    /// One [N, D_m] tensor per modality.
    public let inputs: [Tensor]
    /// Class indices.
    public let labels: [Int]
    /// Per-example tags (see ``MultimodalDataset``).
    public let tags: [String: [String]]

    /// The number of examples.
    public var count: Int { labels.count }

    /// Converts a dataset split.
    public init(_ split: Split) {
        inputs = split.modalities.map(SplitTensors.vectors)
        labels = split.labels
        tags = split.tags
    }

    /// The examples `rows`, in that order.
    public func batch(_ rows: [Int]) -> Batch {
        Batch(inputs: inputs.map { $0.gatherRows(rows) }, labels: rows.map { labels[$0] },
              synergyTag: tags[Batch.synergyTagName].map { values in rows.map { values[$0] == "1" } })
    }

    /// [N, D] as is; [N, T, D] averaged over each example's valid steps (the last `length`
    /// steps, as MultiBench pads at the front).
    static func vectors(_ modality: Modality) -> Tensor {
        guard modality.isSequence else {
            return Tensor(shape: [modality.count, modality.featuresPerExample], data: modality.values)
        }
        let (n, t, d) = (modality.shape[0], modality.shape[1], modality.shape[2])
        var pooled = [Float](repeating: 0, count: n * d)
        for i in 0..<n {
            let length = min(max(modality.lengths?[i] ?? t, 0), t)
            guard length > 0 else { continue }
            for step in (t - length)..<t {
                let base = (i * t + step) * d
                for j in 0..<d { pooled[i * d + j] += modality.values[base + j] }
            }
            for j in 0..<d { pooled[i * d + j] /= Float(length) }
        }
        return Tensor(shape: [n, d], data: pooled)
    }
}

/// A mini-batch.
public struct Batch: Sendable {
    /// The name of the per-example tag that marks synergistic examples ("1"/"0").
    public static let synergyTagName = "synergy"
    /// One [B, D_m] tensor per modality.
    public let inputs: [Tensor]
    /// Class indices.
    public let labels: [Int]
    /// Which rows the data marks as synergistic, when it knows (synthetic tasks).
    public let synergyTag: [Bool]?

    /// A batch of the given inputs and labels.
    public init(inputs: [Tensor], labels: [Int], synergyTag: [Bool]?) {
        self.inputs = inputs
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
    /// The input width of each modality.
    public let inputWidths: [Int]
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
