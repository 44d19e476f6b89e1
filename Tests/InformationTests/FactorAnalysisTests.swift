import Datasets
import Foundation
import Testing
import Tensors
@testable import Information

/// Factor analysis against independent computations, and the discretisation's choice of it.
@Suite struct FactorAnalysisTests {
    /// Solves A x = b by Gauss–Jordan elimination with partial pivoting (a naive, independent solver).
    static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
        let n = b.count
        var m = (0..<n).map { a[$0] + [b[$0]] }
        for c in 0..<n {
            let p = (c..<n).max { abs(m[$0][c]) < abs(m[$1][c]) }!
            m.swapAt(c, p)
            for r in 0..<n where r != c {
                let f = m[r][c] / m[c][c]
                for k in c...n { m[r][k] -= f * m[c][k] }
            }
        }
        return (0..<n).map { m[$0][n] / m[$0][$0] }
    }

    /// log det by the same elimination (product of the pivots).
    static func logDeterminant(_ a: [[Double]]) -> Double {
        var m = a
        let n = a.count
        var sum = 0.0
        for c in 0..<n {
            let p = (c..<n).max { abs(m[$0][c]) < abs(m[$1][c]) }!
            m.swapAt(c, p)
            sum += log(abs(m[c][c]))
            for r in (c + 1)..<n {
                let f = m[r][c] / m[c][c]
                for k in c..<n { m[r][k] -= f * m[c][k] }
            }
        }
        return sum
    }

    /// Rows x = Wᵀz + ε of a known two-factor model over six features with unequal noise.
    static func sample(n: Int, seed: UInt64) -> (rows: [Double], loadings: [[Double]], psi: [Double]) {
        let loadings: [[Double]] = [[1.0, 0.8, 0.6, 0.0, 0.2, -0.5], [0.0, 0.5, -0.7, 1.2, 0.9, 0.3]]
        let psi = [0.3, 0.5, 0.2, 0.4, 1.0, 0.6]
        var rng = RandomStream(seed: seed)
        var rows: [Double] = []
        for _ in 0..<n {
            let z = [Double(rng.normal()), Double(rng.normal())]
            for j in 0..<6 { rows.append(2 + loadings[0][j] * z[0] + loadings[1][j] * z[1] + psi[j].squareRoot() * Double(rng.normal())) }
        }
        return (rows, loadings, psi)
    }

    @Test func recoversAKnownCovarianceWithAnExactLikelihood() throws {
        let n = 20_000
        let (rows, w, psi) = Self.sample(n: n, seed: 1)
        let fit = try FactorAnalysis(rows: rows, n: n, width: 6, factors: 2, tolerance: 1e-8)
        #expect(fit.iterations > 1)  // the iteration moved away from Ψ = 1
        // WᵀW + Ψ matches the generating covariance (rotation-invariant) to sampling error.
        for j in 0..<6 { for k in 0..<6 {
            let truth = w[0][j] * w[0][k] + w[1][j] * w[1][k] + (j == k ? psi[j] : 0)
            var fitted = j == k ? fit.noiseVariances[j] : 0
            for f in 0..<2 { fitted += fit.loadings[f * 6 + j] * fit.loadings[f * 6 + k] }
            #expect(abs(fitted - truth) < 0.05, "Σ[\(j)][\(k)] = \(fitted), expected \(truth)")
        } }
        // The log-likelihood equals −n/2 (D log 2π + log|Σ| + tr(Σ⁻¹S)) computed naively.
        var mean = [Double](repeating: 0, count: 6)
        for i in 0..<n { for j in 0..<6 { mean[j] += rows[i * 6 + j] / Double(n) } }
        var s = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        for i in 0..<n { for j in 0..<6 { for k in 0..<6 {
            s[j][k] += (rows[i * 6 + j] - mean[j]) * (rows[i * 6 + k] - mean[k]) / Double(n)
        } } }
        var sigma = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        for j in 0..<6 { for k in 0..<6 {
            sigma[j][k] = (j == k ? fit.noiseVariances[j] : 0) + (0..<2).reduce(0) { $0 + fit.loadings[$1 * 6 + j] * fit.loadings[$1 * 6 + k] }
        } }
        var trace = 0.0
        for k in 0..<6 { trace += Self.solve(sigma, (0..<6).map { s[$0][k] })[k] }
        let naive = -Double(n) / 2 * (6 * log(2 * Double.pi) + Self.logDeterminant(sigma) + trace)
        #expect(abs(fit.logLikelihood - naive) < 1e-6 * abs(naive), "\(fit.logLikelihood) vs \(naive)")
        // The scores are the posterior means W Σ⁻¹ (x − μ) (the other form of the same formula).
        let scores = try fit.scores(rows: rows, n: 50)
        for i in 0..<50 {
            let solved = Self.solve(sigma, (0..<6).map { rows[i * 6 + $0] - mean[$0] })
            for f in 0..<2 {
                let expected = (0..<6).reduce(0.0) { $0 + fit.loadings[f * 6 + $1] * solved[$1] }
                #expect(abs(scores[i * 2 + f] - expected) < 1e-9)
            }
        }
    }

    @Test func bicPicksTheGeneratingNumberOfFactorsAndLedermannBoundsIt() throws {
        #expect([1, 2, 3, 4, 6, 32].map { FactorAnalysis.maximumFactors(width: $0) } == [0, 0, 1, 1, 3, 24])
        let n = 5000
        let (rows, _, _) = Self.sample(n: n, seed: 2)
        let chosen = try #require(try Discretization.factorAnalysis(rows: rows, n: n, width: 6, maxFactors: 16))
        #expect(chosen.count == 2)
        #expect(try Discretization.factorAnalysis(rows: [1, 2, 3, 4], n: 2, width: 2, maxFactors: 16) == nil)
    }

    /// The reason factor analysis is the default: PID-XOR with only the synergy source puts the
    /// XOR bit in a noise-free 6-dimensional block whose minor directions have less variance than
    /// the 14 pure-noise features, so PCA ≤ 16 keeps mostly noise.
    @Test func factorAnalysisKeepsThePIDXORSynergyPCALosesIt() throws {
        let data = try PIDXORGenerator.generate(PIDXORParameters(synergyFraction: 1), seed: 0)
        var synergy: [Discretization.Reduction: Double] = [:]
        for reduction in Discretization.Reduction.allCases {
            let estimator = PIDEstimator(discretization: Discretization(clusters: 20, reduction: reduction))
            synergy[reduction] = try estimator.cards(data, split: .test)[0].estimate.synergy
        }
        #expect(synergy[.factorAnalysis]! >= 0.8, "\(synergy)")
        #expect(synergy[.pca]! < 0.5, "\(synergy)")
    }

    @Test func classifierReferenceEqualsANaiveLeaveOneOutNearestNeighbourVote() throws {
        var rng = RandomStream(seed: 7)
        let n = 80, k = 5
        var a: [Float] = [], b: [Float] = [], y: [Int] = []
        for i in 0..<n {
            let label = i % 3
            y.append(label)
            a.append(Float(label) + rng.normal())
            b.append(Float(label % 2) * 2 + rng.normal())
        }
        let split = Split(modalities: [Modality(name: "a", shape: [n, 1], values: a), Modality(name: "b", shape: [n, 1], values: b)],
                          labels: y)
        let reference = try InformationReference.classifier(split, labels: y, classCount: 3, neighbours: k)
        // Naive: standardise (population sd), sort all others by distance (ties by index), vote.
        func standardised(_ v: [Float]) -> [Double] {
            let d = v.map(Double.init), m = d.reduce(0, +) / Double(n)
            let sd = (d.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n)).squareRoot()
            return d.map { ($0 - m) / sd }
        }
        let sa = standardised(a), sb = standardised(b)
        var ce = 0.0
        for i in 0..<n {
            let others = (0..<n).filter { $0 != i }.sorted {
                let di = pow(sa[$0] - sa[i], 2) + pow(sb[$0] - sb[i], 2), dj = pow(sa[$1] - sa[i], 2) + pow(sb[$1] - sb[i], 2)
                return di != dj ? di < dj : $0 < $1
            }
            let votes = others.prefix(k).filter { y[$0] == y[i] }.count
            ce -= log2((Double(votes) + 0.5) / (Double(k) + 1.5))
        }
        let counts = (0..<3).map { c in Double(y.filter { $0 == c }.count) / Double(n) }
        let expected = max(0, Entropy.bits(counts) - ce / Double(n))
        #expect(reference.source == .classifier)
        #expect(abs(reference.bits - expected) < 1e-12, "\(reference.bits) vs \(expected)")
        #expect(reference.bits > 0.1)  // the features do predict the labels
        #expect(InformationReference.generator(labels: [0, 1, 1, 0], classCount: 2).bits == 1)
    }
}
