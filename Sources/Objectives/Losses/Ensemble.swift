/// The late-fusion ensemble: the average of the class probabilities of the unimodal models
/// (one per modality, same seed). It trains nothing itself: it combines ``Unimodal`` runs.
public struct Ensemble: Objective, Hashable {
    /// The ensemble.
    public init() {}

    public var name: String { "ensemble" }

    /// Averages the probability matrices of the given unimodal runs (same test examples).
    public func combine(_ members: [Predictions]) -> Predictions {
        precondition(!members.isEmpty, "ensemble: no member predictions")
        let c = members[0].classCount
        var mean = [Float](repeating: 0, count: members[0].probabilities.count)
        for p in members {
            precondition(p.probabilities.count == mean.count && p.classCount == c, "ensemble: members disagree in shape")
            for i in mean.indices { mean[i] += p.probabilities[i] / Float(members.count) }
        }
        return Predictions(probabilities: mean, classCount: c)
    }
}
