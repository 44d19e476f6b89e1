/// Per-example class probabilities of a model on a split.
public struct Predictions: Codable, Equatable, Sendable {
    /// Row-major N × C probabilities.
    public let probabilities: [Float]
    /// C.
    public let classCount: Int

    /// Wraps a probability matrix.
    public init(probabilities: [Float], classCount: Int) {
        precondition(classCount > 0 && probabilities.count % classCount == 0,
                     "Predictions: \(probabilities.count) values are not N × \(classCount)")
        self.probabilities = probabilities
        self.classCount = classCount
    }

    /// N.
    public var count: Int { probabilities.count / classCount }

    /// The arg-max class of every example (the first one on ties).
    public var predictedClasses: [Int] {
        (0..<count).map { i in
            var best = 0
            for c in 1..<classCount where probabilities[i * classCount + c] > probabilities[i * classCount + best] { best = c }
            return best
        }
    }
}
