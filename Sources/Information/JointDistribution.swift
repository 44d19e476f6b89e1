import Foundation

/// A joint distribution P(x1, x2, y) over three finite alphabets, stored densely.
///
/// Index order is `(x1 · x2Count + x2) · yCount + y`. Entropies and mutual informations are
/// in bits.
public struct JointDistribution: Sendable, Equatable {
    /// Size of X1's alphabet.
    public let x1Count: Int
    /// Size of X2's alphabet.
    public let x2Count: Int
    /// Size of Y's alphabet.
    public let yCount: Int
    /// The probabilities, `x1Count · x2Count · yCount` non-negative values summing to 1.
    public let probabilities: [Double]

    /// A distribution from a table of non-negative weights, normalised to sum to 1.
    /// Throws when the table has the wrong size, a negative or non-finite entry, or no mass.
    public init(x1Count: Int, x2Count: Int, yCount: Int, weights: [Double]) throws {
        guard x1Count > 0, x2Count > 0, yCount > 0 else {
            throw InformationError("alphabet sizes must be positive, found \(x1Count)×\(x2Count)×\(yCount)")
        }
        guard weights.count == x1Count * x2Count * yCount else {
            throw InformationError("expected \(x1Count * x2Count * yCount) weights for \(x1Count)×\(x2Count)×\(yCount), found \(weights.count)")
        }
        if let bad = weights.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
            throw InformationError("weight \(weights[bad]) at flat index \(bad) is not a finite non-negative number")
        }
        let total = weights.reduce(0, +)
        guard total > 0 else { throw InformationError("the weights have no mass") }
        self.x1Count = x1Count
        self.x2Count = x2Count
        self.yCount = yCount
        self.probabilities = weights.map { $0 / total }
    }

    /// The empirical distribution of paired samples: `x1[i]`, `x2[i]`, `y[i]` for every i
    /// (each in `0..<count` of its alphabet), optionally with per-sample `weights`
    /// (bootstrap multiplicities).
    public init(x1: [Int], x2: [Int], y: [Int], x1Count: Int, x2Count: Int, yCount: Int,
                weights: [Double]? = nil) throws {
        guard x1.count == y.count, x2.count == y.count, !y.isEmpty else {
            throw InformationError("expected equally many samples of x1, x2 and y (at least one), found \(x1.count), \(x2.count), \(y.count)")
        }
        if let weights, weights.count != y.count {
            throw InformationError("expected \(y.count) sample weights, found \(weights.count)")
        }
        var table = [Double](repeating: 0, count: x1Count * x2Count * yCount)
        for i in y.indices {
            guard (0..<x1Count).contains(x1[i]), (0..<x2Count).contains(x2[i]), (0..<yCount).contains(y[i]) else {
                throw InformationError("sample \(i) = (\(x1[i]), \(x2[i]), \(y[i])) is outside \(x1Count)×\(x2Count)×\(yCount)")
            }
            table[(x1[i] * x2Count + x2[i]) * yCount + y[i]] += weights?[i] ?? 1
        }
        try self.init(x1Count: x1Count, x2Count: x2Count, yCount: yCount, weights: table)
    }

    /// P(x1, x2, y).
    public subscript(x1: Int, x2: Int, y: Int) -> Double {
        probabilities[(x1 * x2Count + x2) * yCount + y]
    }

    /// P(x1, y), indexed `x1 · yCount + y`.
    public var x1YMarginal: [Double] {
        var m = [Double](repeating: 0, count: x1Count * yCount)
        for a in 0..<x1Count { for b in 0..<x2Count { for y in 0..<yCount { m[a * yCount + y] += self[a, b, y] } } }
        return m
    }

    /// P(x2, y), indexed `x2 · yCount + y`.
    public var x2YMarginal: [Double] {
        var m = [Double](repeating: 0, count: x2Count * yCount)
        for a in 0..<x1Count { for b in 0..<x2Count { for y in 0..<yCount { m[b * yCount + y] += self[a, b, y] } } }
        return m
    }

    /// P(x1, x2), indexed `x1 · x2Count + x2`.
    public var x1X2Marginal: [Double] {
        var m = [Double](repeating: 0, count: x1Count * x2Count)
        for a in 0..<x1Count { for b in 0..<x2Count { for y in 0..<yCount { m[a * x2Count + b] += self[a, b, y] } } }
        return m
    }

    /// P(x1).
    public var x1Marginal: [Double] { Self.sumRows(x1YMarginal, rows: x1Count, columns: yCount) }
    /// P(x2).
    public var x2Marginal: [Double] { Self.sumRows(x2YMarginal, rows: x2Count, columns: yCount) }
    /// P(y).
    public var yMarginal: [Double] {
        var m = [Double](repeating: 0, count: yCount)
        for (i, p) in probabilities.enumerated() { m[i % yCount] += p }
        return m
    }

    /// I(X1, X2; Y) in bits.
    public var mutualInformation: Double {
        Entropy.bits(yMarginal) + Entropy.bits(x1X2Marginal) - Entropy.bits(probabilities)
    }

    /// I(X1; Y) in bits.
    public var x1Information: Double {
        Entropy.bits(x1Marginal) + Entropy.bits(yMarginal) - Entropy.bits(x1YMarginal)
    }

    /// I(X1; Y | X2) = H(X1, X2) + H(X2, Y) − H(X1, X2, Y) − H(X2), in bits.
    public var x1InformationGivenX2: Double {
        Entropy.bits(x1X2Marginal) + Entropy.bits(x2YMarginal) - Entropy.bits(probabilities) - Entropy.bits(x2Marginal)
    }

    /// I(X2; Y | X1) = H(X1, X2) + H(X1, Y) − H(X1, X2, Y) − H(X1), in bits.
    public var x2InformationGivenX1: Double {
        Entropy.bits(x1X2Marginal) + Entropy.bits(x1YMarginal) - Entropy.bits(probabilities) - Entropy.bits(x1Marginal)
    }

    private static func sumRows(_ m: [Double], rows: Int, columns: Int) -> [Double] {
        (0..<rows).map { r in m[(r * columns)..<((r + 1) * columns)].reduce(0, +) }
    }
}

/// Shannon entropy of probability vectors.
public enum Entropy {
    /// H(p) = −Σ p log₂ p over the positive entries, in bits.
    public static func bits(_ p: [Double]) -> Double {
        var h = 0.0
        for v in p where v > 0 { h -= v * log2(v) }
        return h
    }
}
