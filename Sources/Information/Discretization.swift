import Datasets
import Tensors

/// How modalities are turned into discrete variables for PID estimation (after Liang et al.,
/// 2023): sequences averaged over their valid steps, reduced to at most `pcaDimensions`
/// dimensions (by ``Reduction``), then seeded k-means++ into `clusters` clusters. Every field
/// belongs in any cache key of a result.
public struct Discretization: Codable, Hashable, Sendable {
    /// How the features are reduced before clustering.
    public enum Reduction: String, Codable, Hashable, Sendable, CaseIterable {
        /// Factor analysis (the default): the number of factors, 1 … min(`pcaDimensions`,
        /// Ledermann's bound), chosen by BIC; the posterior factor scores are clustered. Ranks
        /// directions by signal relative to each feature's own noise, so a noise-free sub-block
        /// is kept however many noisy features surround it (docs/PID.md).
        case factorAnalysis = "factor-analysis"
        /// The top `pcaDimensions` principal components: ranks directions by variance, so
        /// independent noise features of larger variance can push the informative directions out.
        case pca
    }

    /// k, the number of clusters per modality (20).
    public var clusters: Int = 20
    /// The cap on the reduced dimensions (factors or principal components) before clustering (16).
    public var pcaDimensions: Int = 16
    /// The k-means++ seed.
    public var seed: UInt64 = 0
    /// The reduction before clustering (factor analysis).
    public var reduction: Reduction = .factorAnalysis

    /// k = 20, at most 16 factors, seed 0.
    public init() {}

    /// The given settings.
    public init(clusters: Int, pcaDimensions: Int = 16, seed: UInt64 = 0, reduction: Reduction = .factorAnalysis) {
        self.clusters = clusters
        self.pcaDimensions = pcaDimensions
        self.seed = seed
        self.reduction = reduction
    }

    /// JSON keys: `clusters`, `pca_dimensions`, `seed`, `reduction`.
    enum CodingKeys: String, CodingKey { case clusters, pcaDimensions = "pca_dimensions", seed, reduction }

    /// Decodes the settings; a record without `reduction` was made by the PCA discretisation,
    /// the only one there was then.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        clusters = try c.decode(Int.self, forKey: .clusters)
        pcaDimensions = try c.decode(Int.self, forKey: .pcaDimensions)
        seed = try c.decode(UInt64.self, forKey: .seed)
        reduction = try c.decodeIfPresent(Reduction.self, forKey: .reduction) ?? .pca
    }

    /// "k20-fa16-seed0" (or "k20-pca16-seed0"): the settings as a cache-key component.
    public var key: String { "k\(clusters)-\(reduction == .pca ? "pca" : "fa")\(pcaDimensions)-seed\(seed)" }

    /// The cluster index (in `0..<clusters`) of every example of `modality`.
    public func clusterIndices(of modality: Modality) throws -> [Int] {
        let n = modality.count
        guard n >= 2 else { throw InformationError("modality '\(modality.name)' has \(n) examples; PID needs at least 2") }
        let (reduced, width) = try reducedFeatures(of: modality)
        let kmeans = try KMeans(rows: reduced, n: n, width: width, k: clusters,
                                random: RandomStream(seed: seed).split("kmeans/" + modality.name))
        return kmeans.assignments
    }

    /// The rows k-means clusters: `n × width`.
    public func reducedFeatures(of modality: Modality) throws -> (rows: [Double], width: Int) {
        let (rows, width) = Self.exampleFeatures(modality)
        let n = modality.count
        switch reduction {
        case .pca:
            let pca = try PrincipalComponents(rows: rows, n: n, width: width, maxComponents: pcaDimensions)
            return (pca.project(rows: rows, n: n), pca.count)
        case .factorAnalysis:
            guard let fit = try Self.factorAnalysis(rows: rows, n: n, width: width, maxFactors: pcaDimensions) else {
                // One or two features: too few for a factor model; cluster them as they are.
                return (rows, width)
            }
            return (try fit.scores(rows: rows, n: n), fit.count)
        }
    }

    /// The factor model with the smallest BIC among 1 … min(`maxFactors`, Ledermann's bound)
    /// factors; nil when the bound is 0 (D ≤ 2). The scan stops two factor counts after the
    /// best BIC so far, as BIC rises once the factors model noise.
    static func factorAnalysis(rows: [Double], n: Int, width: Int, maxFactors: Int) throws -> FactorAnalysis? {
        let cap = min(maxFactors, FactorAnalysis.maximumFactors(width: width), n - 1)
        guard cap >= 1 else { return nil }
        var best: FactorAnalysis? = nil
        for m in 1...cap {
            let fit = try FactorAnalysis(rows: rows, n: n, width: width, factors: m)
            if let b = best, fit.bic(n: n) >= b.bic(n: n) {
                if m - b.count >= 2 { break }
                continue
            }
            best = fit
        }
        return best
    }

    /// One feature row per example: the values of a `[N, D]` modality, or the mean over the
    /// valid (last `length`) steps of a `[N, T, D]` one.
    static func exampleFeatures(_ m: Modality) -> (rows: [Double], width: Int) {
        guard m.isSequence else { return (m.values.map(Double.init), m.featuresPerExample) }
        let t = m.shape[1], d = m.shape[2]
        var rows = [Double](repeating: 0, count: m.count * d)
        for i in 0..<m.count {
            let valid = m.lengths?[i] ?? t
            guard valid > 0 else { continue }
            for step in (t - valid)..<t { for j in 0..<d { rows[i * d + j] += Double(m.values[(i * t + step) * d + j]) } }
            for j in 0..<d { rows[i * d + j] /= Double(valid) }
        }
        return (rows, d)
    }
}
