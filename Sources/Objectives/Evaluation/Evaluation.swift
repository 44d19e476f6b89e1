import Datasets

/// Test-split metrics of one run: accuracy, macro-F1, per-class F1, accuracy per tag value.
public struct Evaluation: Codable, Equatable, Sendable {
    /// Fraction of correct predictions.
    public let accuracy: Double
    /// Unweighted mean of the per-class F1 scores.
    public let macroF1: Double
    /// F1 of each class (0 for a class that is neither predicted nor present).
    public let perClassF1: [Double]
    /// For each tag, the accuracy on the examples with each of its values.
    public let accuracyByTag: [String: [String: Double]]

    /// Scores `predicted` against `labels`.
    public init(predicted: [Int], labels: [Int], classCount: Int, tags: [String: [String]] = [:]) {
        precondition(predicted.count == labels.count, "Evaluation: \(predicted.count) predictions for \(labels.count) labels")
        let n = labels.count
        accuracy = Evaluation.accuracy(predicted, labels, rows: Array(0..<n))
        var f1: [Double] = []
        for c in 0..<classCount {
            var tp = 0, fp = 0, fn = 0
            for (p, y) in zip(predicted, labels) {
                if p == c && y == c { tp += 1 } else if p == c { fp += 1 } else if y == c { fn += 1 }
            }
            f1.append(tp == 0 ? 0 : 2 * Double(tp) / Double(2 * tp + fp + fn))
        }
        perClassF1 = f1
        macroF1 = f1.isEmpty ? 0 : f1.reduce(0, +) / Double(f1.count)
        var byTag: [String: [String: Double]] = [:]
        for (tag, values) in tags where values.count == n {
            var rowsByValue: [String: [Int]] = [:]
            for (i, v) in values.enumerated() { rowsByValue[v, default: []].append(i) }
            byTag[tag] = rowsByValue.mapValues { Evaluation.accuracy(predicted, labels, rows: $0) }
        }
        accuracyByTag = byTag
    }

    /// F1 of the irony class, the last class of a dataset built by an irony construction
    /// (``IronyTransform``); nil for a dataset of any other construction.
    public func ironyF1(_ construction: SynergyConstruction) -> Double? {
        construction == .irony ? perClassF1.last : nil
    }

    /// Accuracy on the given rows (0 for none).
    public static func accuracy(_ predicted: [Int], _ labels: [Int], rows: [Int]) -> Double {
        guard !rows.isEmpty else { return 0 }
        return Double(rows.filter { predicted[$0] == labels[$0] }.count) / Double(rows.count)
    }
}
