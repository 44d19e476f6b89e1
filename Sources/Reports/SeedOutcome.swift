/// One seed of a row: per test example whether it was classified correctly, and the indices
/// of each reported subset for that seed (by subset name).
public struct SeedOutcome: Sendable, Equatable {
    /// The seed.
    public let seed: UInt64
    /// Correct (true) or not, per test example.
    public let correct: [Bool]
    /// Subset name → test-example indices.
    public let subsets: [String: [Int]]

    /// An outcome.
    public init(seed: UInt64, correct: [Bool], subsets: [String: [Int]]) {
        self.seed = seed
        self.correct = correct
        self.subsets = subsets
    }
}
