import Datasets
import Tensors

/// How modalities are turned into discrete variables for PID estimation (Liang et al., 2023):
/// sequences averaged over their valid steps, PCA to at most `pcaDimensions`, then seeded
/// k-means++ into `clusters` clusters. All three fields belong in any cache key of a result.
public struct Discretization: Codable, Hashable, Sendable {
    /// k, the number of clusters per modality (20).
    public var clusters: Int = 20
    /// The PCA dimension cap before clustering (16).
    public var pcaDimensions: Int = 16
    /// The k-means++ seed.
    public var seed: UInt64 = 0

    /// k = 20, 16 PCA dimensions, seed 0.
    public init() {}

    /// The given settings.
    public init(clusters: Int, pcaDimensions: Int = 16, seed: UInt64 = 0) {
        self.clusters = clusters
        self.pcaDimensions = pcaDimensions
        self.seed = seed
    }

    /// JSON keys: `clusters`, `pca_dimensions`, `seed`.
    enum CodingKeys: String, CodingKey { case clusters, pcaDimensions = "pca_dimensions", seed }

    /// "k20-pca16-seed0": the settings as a cache-key component.
    public var key: String { "k\(clusters)-pca\(pcaDimensions)-seed\(seed)" }

    /// The cluster index (in `0..<clusters`) of every example of `modality`.
    public func clusterIndices(of modality: Modality) throws -> [Int] {
        let (rows, width) = Self.exampleFeatures(modality)
        let n = modality.count
        guard n >= 2 else { throw InformationError("modality '\(modality.name)' has \(n) examples; PID needs at least 2") }
        let pca = try PrincipalComponents(rows: rows, n: n, width: width, maxComponents: pcaDimensions)
        let projected = pca.project(rows: rows, n: n)
        let kmeans = try KMeans(rows: projected, n: n, width: pca.count, k: clusters,
                                random: RandomStream(seed: seed).split("kmeans/" + modality.name))
        return kmeans.assignments
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
