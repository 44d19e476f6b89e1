import Datasets

/// Which split of a dataset to decompose.
public enum SplitChoice: String, Codable, Sendable, CaseIterable {
    case train, valid, test

    /// The chosen split of `dataset`.
    public func of(_ dataset: MultimodalDataset) -> Split {
        switch self {
        case .train: dataset.train
        case .valid: dataset.valid
        case .test: dataset.test
        }
    }
}

extension PIDEstimator {
    /// The dataset's PID cards about its labels: one per pair of modalities of `split`.
    public func cards(_ dataset: MultimodalDataset, split: SplitChoice, bootstrap: Int = 0,
                      bootstrapSeed: UInt64 = 0) throws -> [PIDCard] {
        let chosen = split.of(dataset)
        return try cards(chosen, target: chosen.labels, classCount: dataset.classNames.count,
                         bootstrap: bootstrap, bootstrapSeed: bootstrapSeed)
    }
}
