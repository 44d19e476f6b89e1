import Datasets

/// What a grid asks for when it enables PID: the discretisation and the number of bootstrap
/// resamples of the dataset card. Part of a cell's specification (and so of its key).
public struct PIDSettings: Codable, Hashable, Sendable {
    /// The discretisation (k, PCA dimensions; its seed is replaced by the cell's seed).
    public var discretization: Discretization
    /// Bootstrap resamples over test examples for the dataset card's intervals.
    public var bootstrap: Int

    /// Settings with k clusters, PCA ≤ `pcaDimensions` and `bootstrap` resamples.
    public init(clusters: Int = 20, pcaDimensions: Int = 16, bootstrap: Int = 50) {
        self.discretization = Discretization(clusters: clusters, pcaDimensions: pcaDimensions)
        self.bootstrap = bootstrap
    }
}

/// The PID stored with a cell: the dataset's cards (test labels, with bootstrap intervals) and
/// the model's cards (its test predictions in place of the labels), one per modality pair.
public struct CellPID: Codable, Sendable, Equatable {
    /// About the test labels.
    public var dataset: [PIDCard]
    /// About the model's predicted classes.
    public var model: [PIDCard]

    /// Creates the pair of card lists.
    public init(dataset: [PIDCard], model: [PIDCard]) {
        self.dataset = dataset
        self.model = model
    }
}

extension PIDEstimator {
    /// The dataset and model cards of a test split: discretises once, then decomposes every
    /// modality pair about the labels (with `settings.bootstrap` resamples seeded by `seed`)
    /// and about `predictions` (point estimates).
    public static func cellPID(test: Split, predictions: [Int], classCount: Int, settings: PIDSettings,
                               seed: UInt64) throws -> CellPID {
        var discretization = settings.discretization
        discretization.seed = seed
        let estimator = PIDEstimator(discretization: discretization)
        let clusters = try estimator.clusterIndices(test)
        guard predictions.count == test.count else {
            throw InformationError("expected \(test.count) predictions, found \(predictions.count)")
        }
        var dataset: [PIDCard] = [], model: [PIDCard] = []
        for i in 0..<clusters.count {
            for j in (i + 1)..<clusters.count {
                let names = [test.modalities[i].name, test.modalities[j].name]
                dataset.append(try estimator.card(clusters: (clusters[i], clusters[j]), modalities: [i, j], names: names,
                                                  target: test.labels, classCount: classCount,
                                                  bootstrap: settings.bootstrap, bootstrapSeed: seed))
                model.append(try estimator.card(clusters: (clusters[i], clusters[j]), modalities: [i, j], names: names,
                                                target: predictions, classCount: classCount, bootstrap: 0, bootstrapSeed: seed))
            }
        }
        return CellPID(dataset: dataset, model: model)
    }
}
