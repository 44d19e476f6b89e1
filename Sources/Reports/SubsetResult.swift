import Foundation

/// Accuracy on one synergy subset, over seeds.
public struct SubsetResult: Codable, Equatable, Sendable {
    /// "by-construction", "strict" or "majority".
    public let name: String
    /// Subset size (per seed; the rounded mean when seeds differ).
    public let n: Int
    /// Per-seed sizes.
    public let nPerSeed: [Int]
    /// Mean accuracy over the seeds with a non-empty subset (nil if none).
    public let mean: Double?
    /// Sample standard deviation over those seeds (0 for one seed).
    public let std: Double?

    enum CodingKeys: String, CodingKey { case name, n, nPerSeed = "n_per_seed", mean, std }

    /// A subset result.
    public init(name: String, n: Int, nPerSeed: [Int], mean: Double?, std: Double?) {
        self.name = name; self.n = n; self.nPerSeed = nPerSeed; self.mean = mean; self.std = std
    }

    /// Encodes every field; missing values as null.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(n, forKey: .n)
        try c.encode(nPerSeed, forKey: .nPerSeed)
        try c.encode(mean, forKey: .mean)
        try c.encode(std, forKey: .std)
    }
}
