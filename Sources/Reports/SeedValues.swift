import Foundation

/// One seed's values of a report row: overall accuracy and the accuracy on each reported subset
/// (what `bench check` and `bench compare` pair by seed, and what a JSON report or baseline keeps).
public struct SeedValues: Codable, Equatable, Sendable {
    /// One subset's accuracy for this seed.
    public struct Subset: Codable, Equatable, Sendable {
        /// The subset's name ("by-construction", "strict", "majority").
        public let name: String
        /// Its size for this seed.
        public let n: Int
        /// Accuracy on it; nil when the subset is empty for this seed.
        public let accuracy: Double?

        /// A subset value.
        public init(name: String, n: Int, accuracy: Double?) {
            self.name = name; self.n = n; self.accuracy = accuracy
        }

        /// Encodes every field; a missing accuracy as null.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(n, forKey: .n)
            try c.encode(accuracy, forKey: .accuracy)
        }
    }

    /// The seed.
    public let seed: UInt64
    /// Overall test accuracy (fraction).
    public let overall: Double
    /// Test-set size.
    public let n: Int
    /// The reported subsets, in column order.
    public let subsets: [Subset]

    /// A seed's values.
    public init(seed: UInt64, overall: Double, n: Int, subsets: [Subset]) {
        self.seed = seed; self.overall = overall; self.n = n; self.subsets = subsets
    }

    /// The value of `metric` ("overall" or a subset name); nil when absent or empty.
    public func value(_ metric: String) -> Double? {
        metric == "overall" ? overall : subsets.first { $0.name == metric }?.accuracy
    }
}
