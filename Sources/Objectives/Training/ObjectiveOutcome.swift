/// The test-split outcome of any objective on one seed: a trained run, or for ``Ensemble``
/// the combination of unimodal runs.
public struct ObjectiveOutcome: Sendable {
    /// Class probabilities on the test split.
    public let predictions: Predictions
    /// Test metrics.
    public let evaluation: Evaluation
    /// Wall time spent training (0 when the members were supplied).
    public let trainSeconds: Double
    /// Training throughput (examples per second), when something was trained.
    public let trainExamplesPerSecond: Double?
    /// The epoch whose parameters were kept, when something was trained.
    public let bestEpoch: Int?
    /// Per-epoch training loss and validation metrics, when something was trained.
    public var curves: TrainingCurves? = nil
    /// What SynIB's masks withheld, for SynIB runs.
    public var maskDiagnostics: MaskDiagnostics? = nil
}

extension Trainer {
    /// Trains `objective` on `data` with `seed`; an ``Ensemble`` combines the predictions
    /// `ensembleMembers` returns (one unimodal run per modality, same seed).
    public func outcome(of objective: any Objective, on data: PreparedDataset, seed: UInt64,
                        ensembleMembers: () throws -> [Predictions]) throws -> ObjectiveOutcome {
        if let ensemble = objective as? Ensemble {
            let predictions = ensemble.combine(try ensembleMembers())
            return ObjectiveOutcome(
                predictions: predictions,
                evaluation: Evaluation(predicted: predictions.predictedClasses, labels: data.test.labels,
                                       classCount: data.classCount, tags: data.test.tags),
                trainSeconds: 0, trainExamplesPerSecond: nil, bestEpoch: nil)
        }
        guard let trainable = objective as? any TrainingObjective else {
            throw ObjectiveError("objective \(objective.name) is neither trainable nor an ensemble")
        }
        let run = try train(trainable, on: data, seed: seed)
        return ObjectiveOutcome(predictions: run.testPredictions, evaluation: run.test, trainSeconds: run.trainSeconds,
                                trainExamplesPerSecond: run.trainExamplesPerSecond, bestEpoch: run.bestEpoch,
                                curves: run.curves, maskDiagnostics: run.maskDiagnostics)
    }
}
