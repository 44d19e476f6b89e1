import CLAPACK
import Foundation

/// Principal component analysis of the rows of an `[N, D]` matrix: the top eigenvectors of
/// the sample covariance, from LAPACK's symmetric eigensolver (`dsyevd`, in OpenBLAS).
public struct PrincipalComponents: Sendable {
    /// Column means (length D).
    public var mean: [Double]
    /// The components, `count × D` row-major, ordered by decreasing variance.
    public var components: [Double]
    /// The variance along each component, decreasing.
    public var variances: [Double]
    /// Input width D.
    public var inputWidth: Int
    /// Number of components kept.
    public var count: Int { variances.count }

    /// Fits the top `min(maxComponents, D)` components of `rows` (`n × width`, row-major).
    public init(rows: [Double], n: Int, width: Int, maxComponents: Int) throws {
        guard n > 1, width > 0, rows.count == n * width else {
            throw InformationError("PCA needs at least 2 rows of width ≥ 1, found \(n) rows of width \(width) (\(rows.count) values)")
        }
        guard maxComponents > 0 else { throw InformationError("PCA needs at least one component, found \(maxComponents)") }
        var mean = [Double](repeating: 0, count: width)
        for i in 0..<n { for j in 0..<width { mean[j] += rows[i * width + j] } }
        for j in 0..<width { mean[j] /= Double(n) }
        // Covariance (symmetric, width × width); column-major = row-major for LAPACK.
        var covariance = [Double](repeating: 0, count: width * width)
        var centred = [Double](repeating: 0, count: width)
        for i in 0..<n {
            for j in 0..<width { centred[j] = rows[i * width + j] - mean[j] }
            for j in 0..<width where centred[j] != 0 {
                let cj = centred[j]
                for k in j..<width { covariance[j * width + k] += cj * centred[k] }
            }
        }
        for j in 0..<width { for k in j..<width {
            covariance[j * width + k] /= Double(n - 1)
            covariance[k * width + j] = covariance[j * width + k]
        } }
        let (values, vectors) = try Self.symmetricEigen(covariance, n: width)
        let kept = min(maxComponents, width)
        // dsyevd returns ascending eigenvalues; eigenvector i is column i (= row i here).
        self.mean = mean
        self.inputWidth = width
        self.variances = (0..<kept).map { max(0, values[width - 1 - $0]) }
        self.components = (0..<kept).flatMap { c in
            var v = Array(vectors[((width - 1 - c) * width)..<((width - c) * width)])
            // Sign convention: the largest-magnitude entry is positive (deterministic output).
            if let big = v.indices.max(by: { abs(v[$0]) < abs(v[$1]) }), v[big] < 0 { v = v.map { -$0 } }
            return v
        }
    }

    /// The projections of `rows` (`n × inputWidth`) on the components: `n × count`.
    public func project(rows: [Double], n: Int) -> [Double] {
        var out = [Double](repeating: 0, count: n * count)
        for i in 0..<n { for c in 0..<count {
            var s = 0.0
            for j in 0..<inputWidth { s += (rows[i * inputWidth + j] - mean[j]) * components[c * inputWidth + j] }
            out[i * count + c] = s
        } }
        return out
    }

    /// All eigenvalues (ascending) and eigenvectors (row i = eigenvector i) of a symmetric matrix.
    static func symmetricEigen(_ matrix: [Double], n: Int) throws -> (values: [Double], vectors: [Double]) {
        var a = matrix
        var w = [Double](repeating: 0, count: n)
        var size = Int32(n), lda = Int32(n), info: Int32 = 0
        var lwork: Int32 = -1, liwork: Int32 = -1
        var workQuery = [Double](repeating: 0, count: 1)
        var iworkQuery = [Int32](repeating: 0, count: 1)
        let jobz = "V", uplo = "U"
        jobz.withCString { j in uplo.withCString { u in
            dsyevd_(j, u, &size, &a, &lda, &w, &workQuery, &lwork, &iworkQuery, &liwork, &info, 1, 1)
        } }
        guard info == 0 else { throw InformationError("LAPACK dsyevd workspace query failed (info \(info))") }
        lwork = Int32(workQuery[0].rounded(.up))
        liwork = iworkQuery[0]
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        jobz.withCString { j in uplo.withCString { u in
            dsyevd_(j, u, &size, &a, &lda, &w, &work, &lwork, &iwork, &liwork, &info, 1, 1)
        } }
        guard info == 0 else { throw InformationError("LAPACK dsyevd failed to converge (info \(info))") }
        return (w, a)
    }
}
