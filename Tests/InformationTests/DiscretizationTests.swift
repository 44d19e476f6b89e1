import Datasets
import Foundation
import Testing
import Tensors
@testable import Information

/// PCA, k-means and the PID estimated from samples.
@Suite struct DiscretizationTests {
    @Test func pcaFindsEigenvectorsOfTheCovariance() throws {
        var rng = RandomStream(seed: 3)
        let n = 200, width = 5
        // Correlated data: x = z · M with a fixed mixing matrix.
        let mix: [Double] = (0..<(width * width)).map { Double(($0 * 7) % 11) / 11 - 0.3 }
        var rows = [Double](repeating: 0, count: n * width)
        for i in 0..<n {
            let scales: [Double] = [3, 2, 1, 0.5, 0.1]
            let z = scales.map { Double(rng.normal()) * $0 }
            for j in 0..<width { for k in 0..<width { rows[i * width + j] += z[k] * mix[k * width + j] } }
        }
        let pca = try PrincipalComponents(rows: rows, n: n, width: width, maxComponents: 3)
        #expect(pca.count == 3)
        // Naive covariance, then the eigen-equation C v = λ v and orthonormality.
        var c = [Double](repeating: 0, count: width * width)
        for i in 0..<n { for j in 0..<width { for k in 0..<width {
            c[j * width + k] += (rows[i * width + j] - pca.mean[j]) * (rows[i * width + k] - pca.mean[k]) / Double(n - 1)
        } } }
        for a in 0..<3 {
            let v = Array(pca.components[(a * width)..<((a + 1) * width)])
            for j in 0..<width {
                var cv = 0.0
                for k in 0..<width { cv += c[j * width + k] * v[k] }
                #expect(abs(cv - pca.variances[a] * v[j]) < 1e-9)
            }
            for b in 0..<3 {
                var dot = 0.0
                for j in 0..<width { dot += v[j] * pca.components[b * width + j] }
                let identity: Double = a == b ? 1 : 0
                #expect(abs(dot - identity) < 1e-9)
            }
        }
        let v = pca.variances
        #expect(v[0] > v[1])
        #expect(v[1] > v[2])
        // The variance of the projections equals the eigenvalue.
        let projected = pca.project(rows: rows, n: n)
        var variance0 = 0.0
        for i in 0..<n { variance0 += projected[i * 3] * projected[i * 3] / Double(n - 1) }
        #expect(abs(variance0 - pca.variances[0]) < 1e-9)
    }

    @Test func kMeansSeparatesBlobsAndIsSeeded() throws {
        var rng = RandomStream(seed: 5)
        let centres: [[Double]] = [[0, 0], [10, 0], [0, 10], [10, 10]]
        var rows: [Double] = [], truth: [Int] = []
        for i in 0..<400 {
            let c = i % 4
            truth.append(c)
            rows += [centres[c][0] + Double(rng.normal()), centres[c][1] + Double(rng.normal())]
        }
        for seed in UInt64(0)..<8 {
            let a = try KMeans(rows: rows, n: 400, width: 2, k: 4, random: RandomStream(seed: seed))
            let b = try KMeans(rows: rows, n: 400, width: 2, k: 4, random: RandomStream(seed: seed))
            #expect(a.assignments == b.assignments)
            // Each true blob maps to one cluster, and the four clusters are distinct.
            var mapping: [Int: Set<Int>] = [:]
            for (t, c) in zip(truth, a.assignments) { mapping[t, default: []].insert(c) }
            #expect(mapping.values.allSatisfy { $0.count == 1 }, "seed \(seed)")
            #expect(Set(mapping.values.map { $0.first! }).count == 4, "seed \(seed)")
        }
    }

    /// Two bits per example, each seen through noisy 4-dimensional features.
    static func bitSplit(n: Int, target: (Int, Int) -> Int, seed: UInt64) -> (Split, [Int]) {
        var rng = RandomStream(seed: seed)
        var x1: [Float] = [], x2: [Float] = [], y: [Int] = []
        for _ in 0..<n {
            let b1 = rng.int(below: 2), b2 = rng.int(below: 2)
            for _ in 0..<4 { x1.append(Float(3 * (2 * b1 - 1)) + rng.normal()) }
            for _ in 0..<4 { x2.append(Float(3 * (2 * b2 - 1)) + rng.normal()) }
            y.append(target(b1, b2))
        }
        let split = Split(modalities: [Modality(name: "a", shape: [n, 4], values: x1),
                                       Modality(name: "b", shape: [n, 4], values: x2)], labels: y)
        return (split, y)
    }

    @Test(arguments: [
        ("xor", 0.0, 0.0, 0.0, 1.0),
        ("copy", 0.0, 1.0, 1.0, 0.0),
        ("one-sided", 0.0, 1.0, 0.0, 0.0),
    ])
    func noisySamplesRecoverTheTruth(name: String, r: Double, u1: Double, u2: Double, s: Double) throws {
        let target: (Int, Int) -> Int = switch name {
        case "xor": { $0 ^ $1 }
        case "copy": { 2 * $0 + $1 }
        default: { a, _ in a }
        }
        let (split, y) = Self.bitSplit(n: 3000, target: target, seed: 11)
        let estimator = PIDEstimator(discretization: Discretization(clusters: 4))
        let card = try #require(try estimator.cards(split, target: y, classCount: 4).first)
        let e = card.estimate
        #expect(abs(e.redundancy - r) < 0.15, "\(name): R = \(e.redundancy)")
        #expect(abs(e.unique0 - u1) < 0.15, "\(name): U1 = \(e.unique0)")
        #expect(abs(e.unique1 - u2) < 0.15, "\(name): U2 = \(e.unique1)")
        #expect(abs(e.synergy - s) < 0.15, "\(name): S = \(e.synergy)")
    }

    /// Three modalities give the three pairwise cards. With y = a XOR b and c a copy of a, the
    /// pairs (a, b) and (b, c) are pure synergy and (a, c) carries nothing about y.
    @Test func moreThanTwoModalitiesGivePairwiseCards() throws {
        var (split, y) = Self.bitSplit(n: 2000, target: { $0 ^ $1 }, seed: 4)
        split.modalities.append(Modality(name: "c", shape: split.modalities[0].shape, values: split.modalities[0].values))
        let cards = try PIDEstimator(discretization: Discretization(clusters: 4)).cards(split, target: y, classCount: 2)
        #expect(cards.map(\.modalities) == [[0, 1], [0, 2], [1, 2]])
        #expect(cards.map(\.modalityNames) == [["a", "b"], ["a", "c"], ["b", "c"]])
        #expect(cards[0].estimate.synergy > 0.85)
        // a and c are the same bit, independent of y = a XOR b: no information at all.
        #expect(cards[1].estimate.mutualInformation < 0.02)
        #expect(cards[2].estimate.synergy > 0.85)
    }

    @Test func sequencesAreAveragedOverTheirValidSteps() {
        // Two examples, T = 3, D = 1; the second has only its last step valid.
        let m = Modality(name: "s", shape: [2, 3, 1], values: [1, 2, 3, 100, 100, 7], lengths: [3, 1])
        let (rows, width) = Discretization.exampleFeatures(m)
        #expect(width == 1)
        #expect(rows == [2, 7])
    }

    @Test func bootstrapIntervalIsSeededAndBracketsTheEstimate() throws {
        let (split, y) = Self.bitSplit(n: 1000, target: { $0 ^ $1 }, seed: 2)
        let estimator = PIDEstimator(discretization: Discretization(clusters: 4))
        let a = try estimator.cards(split, target: y, classCount: 2, bootstrap: 20, bootstrapSeed: 9)
        let b = try estimator.cards(split, target: y, classCount: 2, bootstrap: 20, bootstrapSeed: 9)
        #expect(a == b)
        let interval = try #require(a[0].interval)
        #expect(interval.lower.synergy <= a[0].estimate.synergy + 0.02)
        #expect(interval.upper.synergy >= a[0].estimate.synergy - 0.02)
        #expect(interval.upper.synergy - interval.lower.synergy > 0)  // resampling changed something
        #expect(interval.upper.synergy - interval.lower.synergy < 0.2)
    }
}

/// The bootstrap interval's arithmetic.
@Suite struct BootstrapIntervalTests {
    static func atoms(_ s: Double) -> PartialInformation {
        PartialInformation(redundancy: s, unique0: s, unique1: s, synergy: s, mutualInformation: s, gap: 0)
    }

    /// Quantiles with linear interpolation equal NumPy's `np.percentile` (default method):
    /// np.percentile([0.1, 0.4, 0.2, 0.3, 0.5], [2.5, 97.5]) = [0.11, 0.49].
    @Test func quantilesMatchNumPy() {
        let samples = [0.1, 0.4, 0.2, 0.3, 0.5].map(Self.atoms)
        #expect(abs(PIDEstimator.quantile(samples, 0.025).synergy - 0.11) < 1e-12)
        #expect(abs(PIDEstimator.quantile(samples, 0.975).redundancy - 0.49) < 1e-12)
    }

    /// Basic bootstrap ends: 2θ̂ − q, clipped to [0, H(Y)].
    @Test func basicIntervalReflectsTheQuantiles() {
        let end = PIDEstimator.reflected(Self.atoms(0.3), Self.atoms(0.45), cap: 1)
        #expect(abs(end.synergy - 0.15) < 1e-12)
        #expect(PIDEstimator.reflected(Self.atoms(0.1), Self.atoms(0.45), cap: 1).unique0 == 0)
        #expect(PIDEstimator.reflected(Self.atoms(0.999), Self.atoms(0.99), cap: 1).synergy == 1)
    }
}
