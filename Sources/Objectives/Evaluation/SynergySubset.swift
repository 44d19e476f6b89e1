/// A set of test examples on which synergy-subset accuracy is reported (docs/METHOD.md, "Synergy subsets").
public struct SynergySubset: Codable, Equatable, Sendable {
    /// "by-construction", "strict" or "majority".
    public let name: String
    /// Test-example indices, ascending.
    public let indices: [Int]

    /// The subset kinds.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// Examples the data marks as synergistic (XOR source, irony class).
        case byConstruction = "by-construction"
        /// Misclassified by every unimodal predictor.
        case strict
        /// Misclassified by more than half of the unimodal predictors.
        case majority
    }

    /// A subset.
    public init(name: String, indices: [Int]) {
        self.name = name
        self.indices = indices
    }

    /// The examples whose tag `tag` is "1", or nil if the split has no such tag.
    public static func byConstruction(tags: [String: [String]], tag: String = Batch.synergyTagName) -> SynergySubset? {
        guard let values = tags[tag] else { return nil }
        return SynergySubset(name: Kind.byConstruction.rawValue,
                             indices: values.indices.filter { values[$0] == "1" })
    }

    /// The examples misclassified by every one of `predictions` (each a vector of predicted
    /// classes over the test split: all seeds × all modalities).
    public static func strict(predictions: [[Int]], labels: [Int]) -> SynergySubset {
        misclassified(predictions, labels, name: Kind.strict.rawValue) { wrong, total in wrong == total }
    }

    /// The examples misclassified by more than half of `predictions`.
    public static func majority(predictions: [[Int]], labels: [Int]) -> SynergySubset {
        misclassified(predictions, labels, name: Kind.majority.rawValue) { wrong, total in 2 * wrong > total }
    }

    /// Flattens a seeds × modalities × examples matrix into the list of predictors.
    public static func predictors(_ matrix: [[[Int]]]) -> [[Int]] { matrix.flatMap { $0 } }

    private static func misclassified(_ predictions: [[Int]], _ labels: [Int], name: String,
                                      _ rule: (Int, Int) -> Bool) -> SynergySubset {
        precondition(!predictions.isEmpty, "\(name) subset: no unimodal predictions")
        for p in predictions {
            precondition(p.count == labels.count, "\(name) subset: \(p.count) predictions for \(labels.count) labels")
        }
        let indices = labels.indices.filter { i in
            rule(predictions.filter { $0[i] != labels[i] }.count, predictions.count)
        }
        return SynergySubset(name: name, indices: indices)
    }

    /// The number of examples.
    public var count: Int { indices.count }
}
