import Foundation

/// Maximum-likelihood factor analysis of the rows of an `[N, D]` matrix: x = μ + Wᵀz + ε with
/// z ~ N(0, I_m) and ε ~ N(0, Ψ), Ψ diagonal (each feature its own noise variance).
///
/// Unlike principal components, which rank directions by their variance, factor analysis ranks
/// them by their variance *relative to each feature's own noise*: a direction along which a few
/// features move together with little noise outranks many features of independent noise of
/// larger variance. That is what a discretiser needs when the label lives in a low-variance but
/// noise-free sub-block (PID-XOR's sign pattern; see docs/PID.md, "Why factor analysis").
///
/// Fitted as scikit-learn's `FactorAnalysis(svd_method="lapack")`: starting from Ψ = 1, each
/// iteration takes the top eigenpairs (λ, u) of Ψ^-½ S Ψ^-½, sets W = √max(λ − 1, 0) uᵀ Ψ^½ and
/// Ψ = diag(S − WᵀW) (floored), until the log-likelihood gains less than `tolerance`.
public struct FactorAnalysis: Sendable {
    /// Column means (length D).
    public var mean: [Double]
    /// Loadings W, `count × D` row-major.
    public var loadings: [Double]
    /// The noise variance Ψ of each feature (length D).
    public var noiseVariances: [Double]
    /// Input width D.
    public var inputWidth: Int
    /// Number of factors m.
    public let count: Int
    /// The exact Gaussian log-likelihood of the fitted rows (natural log).
    public var logLikelihood: Double
    /// Iterations run.
    public var iterations: Int

    /// The largest number of factors whose model has no more parameters than the covariance has
    /// entries (Ledermann's bound, (2D + 1 − √(8D + 1)) / 2): beyond it the factors are not
    /// identified. 0 for D ≤ 2.
    public static func maximumFactors(width: Int) -> Int {
        let d = Double(width)
        return max(0, Int(((2 * d + 1 - (8 * d + 1).squareRoot()) / 2 + 1e-9).rounded(.down)))
    }

    /// Fits `factors` factors to `rows` (`n × width`, row-major).
    public init(rows: [Double], n: Int, width: Int, factors: Int, tolerance: Double = 1e-2,
                maxIterations: Int = 1000) throws {
        guard n > 1, width > 0, rows.count == n * width else {
            throw InformationError("factor analysis needs at least 2 rows of width ≥ 1, found \(n) rows of width \(width) (\(rows.count) values)")
        }
        guard factors >= 1, factors <= width else {
            throw InformationError("factor analysis needs 1 … \(width) factors, found \(factors)")
        }
        var mean = [Double](repeating: 0, count: width)
        for i in 0..<n { for j in 0..<width { mean[j] += rows[i * width + j] } }
        for j in 0..<width { mean[j] /= Double(n) }
        // Maximum-likelihood covariance (divisor n), as the likelihood uses.
        var s = [Double](repeating: 0, count: width * width)
        var centred = [Double](repeating: 0, count: width)
        for i in 0..<n {
            for j in 0..<width { centred[j] = rows[i * width + j] - mean[j] }
            for j in 0..<width where centred[j] != 0 {
                let cj = centred[j]
                for k in j..<width { s[j * width + k] += cj * centred[k] }
            }
        }
        for j in 0..<width { for k in j..<width {
            s[j * width + k] /= Double(n)
            s[k * width + j] = s[j * width + k]
        } }
        let variances = (0..<width).map { s[$0 * width + $0] }
        // A noise variance never reaches 0 (a feature the factors explain exactly, a Heywood
        // case): relative floor, so the scores stay finite and the arithmetic scale-free.
        let floors = variances.map { max($0 * 1e-6, 1e-12) }
        var psi = variances.map { _ in 1.0 }
        var loadings = [Double](repeating: 0, count: factors * width)
        var previous = -Double.infinity
        var iterations = 0
        var scaled = [Double](repeating: 0, count: width * width)
        while iterations < maxIterations {
            iterations += 1
            let root = psi.map { $0.squareRoot() }
            for j in 0..<width { for k in 0..<width { scaled[j * width + k] = s[j * width + k] / (root[j] * root[k]) } }
            let (values, vectors) = try PrincipalComponents.symmetricEigen(scaled, n: width)
            for f in 0..<factors {
                let e = width - 1 - f
                let scale = max(values[e] - 1, 0).squareRoot()
                for j in 0..<width { loadings[f * width + j] = scale * vectors[e * width + j] * root[j] }
            }
            for j in 0..<width {
                var explained = 0.0
                for f in 0..<factors { explained += loadings[f * width + j] * loadings[f * width + j] }
                psi[j] = max(variances[j] - explained, floors[j])
            }
            let likelihood = try Self.logLikelihood(covariance: s, loadings: loadings, psi: psi, factors: factors,
                                                    width: width, n: n)
            if likelihood - previous < tolerance { previous = likelihood; break }
            previous = likelihood
        }
        self.mean = mean
        self.loadings = loadings
        self.noiseVariances = psi
        self.inputWidth = width
        self.count = factors
        self.logLikelihood = previous
        self.iterations = iterations
    }

    /// Free parameters of the model: D means, D noise variances, mD loadings less the m(m − 1)/2
    /// fixed by the rotation.
    public var parameterCount: Int { 2 * inputWidth + count * inputWidth - count * (count - 1) / 2 }

    /// The Bayesian information criterion −2 log L + p log n of the fit to `n` rows (smaller is better).
    public func bic(n: Int) -> Double { -2 * logLikelihood + Double(parameterCount) * log(Double(n)) }

    /// The factor scores of `rows` (`n × inputWidth`): the posterior means
    /// E[z | x] = (I + WΨ⁻¹Wᵀ)⁻¹ WΨ⁻¹ (x − μ), `n × count`.
    public func scores(rows: [Double], n: Int) throws -> [Double] {
        let m = count, d = inputWidth
        var weighted = [Double](repeating: 0, count: m * d)  // WΨ⁻¹
        for f in 0..<m { for j in 0..<d { weighted[f * d + j] = loadings[f * d + j] / noiseVariances[j] } }
        var precision = [Double](repeating: 0, count: m * m)  // I + WΨ⁻¹Wᵀ
        for a in 0..<m { for b in 0..<m {
            var sum = a == b ? 1.0 : 0.0
            for j in 0..<d { sum += weighted[a * d + j] * loadings[b * d + j] }
            precision[a * m + b] = sum
        } }
        let inverse = try Self.inverse(precision, m: m).inverse
        var out = [Double](repeating: 0, count: n * m)
        var projected = [Double](repeating: 0, count: m)
        for i in 0..<n {
            for f in 0..<m {
                var sum = 0.0
                for j in 0..<d { sum += weighted[f * d + j] * (rows[i * d + j] - mean[j]) }
                projected[f] = sum
            }
            for a in 0..<m {
                var sum = 0.0
                for b in 0..<m { sum += inverse[a * m + b] * projected[b] }
                out[i * m + a] = sum
            }
        }
        return out
    }

    /// −n/2 (D log 2π + log|Σ| + tr(Σ⁻¹S)) with Σ = WᵀW + Ψ, through the m × m matrix
    /// I + WΨ⁻¹Wᵀ (Woodbury and the matrix determinant lemma).
    static func logLikelihood(covariance s: [Double], loadings w: [Double], psi: [Double], factors m: Int,
                              width d: Int, n: Int) throws -> Double {
        var a = [Double](repeating: 0, count: m * m)
        for p in 0..<m { for q in 0..<m {
            var sum = p == q ? 1.0 : 0.0
            for j in 0..<d { sum += w[p * d + j] * w[q * d + j] / psi[j] }
            a[p * m + q] = sum
        } }
        let (inverse, logDeterminant) = try inverse(a, m: m)
        let logDetSigma = psi.reduce(0) { $0 + log($1) } + logDeterminant
        // tr(Σ⁻¹S) = Σ_j S_jj/ψ_j − tr(A⁻¹ B), B = (WΨ⁻¹) S (WΨ⁻¹)ᵀ.
        var trace = 0.0
        for j in 0..<d { trace += s[j * d + j] / psi[j] }
        var ws = [Double](repeating: 0, count: m * d)  // (WΨ⁻¹) S
        for p in 0..<m { for k in 0..<d {
            var sum = 0.0
            for j in 0..<d { sum += w[p * d + j] / psi[j] * s[j * d + k] }
            ws[p * d + k] = sum
        } }
        for p in 0..<m { for q in 0..<m {
            var b = 0.0
            for k in 0..<d { b += ws[p * d + k] * w[q * d + k] / psi[k] }
            trace -= inverse[q * m + p] * b
        } }
        return -Double(n) / 2 * (Double(d) * log(2 * Double.pi) + logDetSigma + trace)
    }

    /// The inverse and log-determinant of a symmetric positive-definite m × m matrix (from its eigenpairs).
    static func inverse(_ a: [Double], m: Int) throws -> (inverse: [Double], logDeterminant: Double) {
        let (values, vectors) = try PrincipalComponents.symmetricEigen(a, n: m)
        guard let smallest = values.first, smallest > 0 else {
            throw InformationError("factor analysis: I + WΨ⁻¹Wᵀ is not positive definite (smallest eigenvalue \(values.first ?? .nan))")
        }
        var inverse = [Double](repeating: 0, count: m * m)
        for e in 0..<m { for p in 0..<m { for q in 0..<m {
            inverse[p * m + q] += vectors[e * m + p] * vectors[e * m + q] / values[e]
        } } }
        return (inverse, values.reduce(0) { $0 + log($1) })
    }
}
