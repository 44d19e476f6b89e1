import CBLAS
import Foundation
import Tensors

/// Seeded k-means clustering: greedy k-means++ seeding (Arthur & Vassilvitskii, 2007), then Lloyd
/// iterations until no assignment changes (or `maxIterations`).
public struct KMeans: Sendable {
    /// Cluster centres, `k × width` row-major.
    public var centres: [Double]
    /// Number of clusters (≤ the number of distinct rows).
    public var k: Int
    /// Row width.
    public var width: Int
    /// The cluster of each fitted row.
    public var assignments: [Int]
    /// Lloyd iterations run.
    public var iterations: Int

    /// Clusters `rows` (`n × width`) into at most `k` clusters, seeding with `random`.
    public init(rows: [Double], n: Int, width: Int, k requested: Int, random: RandomStream, maxIterations: Int = 100) throws {
        guard n > 0, width > 0, rows.count == n * width else {
            throw InformationError("k-means needs rows of width ≥ 1, found \(n) rows of width \(width) (\(rows.count) values)")
        }
        guard requested > 0 else { throw InformationError("k-means needs k ≥ 1, found \(requested)") }
        var rng = random
        func distance(_ i: Int, _ centre: [Double], _ c: Int) -> Double {
            var s = 0.0
            for j in 0..<width { let d = rows[i * width + j] - centre[c * width + j]; s += d * d }
            return s
        }
        // k-means++: first centre uniform, then proportional to the squared distance.
        let first = rng.int(below: n)
        var centres = Array(rows[(first * width)..<((first + 1) * width)])
        var nearest = (0..<n).map { distance($0, centres, 0) }
        var k = 1
        // Greedy k-means++ (as scikit-learn): draw 2 + ⌊ln k⌋ candidates by D² sampling and keep
        // the one that lowers the total squared distance most.
        let trials = 2 + Int(log(Double(requested)))
        while k < requested {
            let total = nearest.reduce(0, +)
            guard total > 0 else { break }  // fewer distinct rows than k
            var best: (index: Int, potential: Double, nearest: [Double])? = nil
            for _ in 0..<trials {
                var target = rng.uniformDouble() * total
                var chosen = n - 1
                for i in 0..<n {
                    target -= nearest[i]
                    if target < 0 { chosen = i; break }
                }
                if nearest[chosen] == 0 { chosen = nearest.lastIndex(where: { $0 > 0 })! }
                let candidate = Array(rows[(chosen * width)..<((chosen + 1) * width)])
                var updated = nearest
                for i in 0..<n { updated[i] = min(updated[i], distance(i, candidate, 0)) }
                let potential = updated.reduce(0, +)
                if best == nil || potential < best!.potential { best = (chosen, potential, updated) }
            }
            centres.append(contentsOf: rows[(best!.index * width)..<((best!.index + 1) * width)])
            nearest = best!.nearest
            k += 1
        }
        // Lloyd. Squared distances as ‖x‖² − 2 x·c + ‖c‖², the products by one dgemm.
        var assignments = [Int](repeating: -1, count: n)
        var iterations = 0
        var rowNorms = [Double](repeating: 0, count: n)
        for i in 0..<n { for j in 0..<width { rowNorms[i] += rows[i * width + j] * rows[i * width + j] } }
        var products = [Double](repeating: 0, count: n * k)
        while iterations < maxIterations {
            iterations += 1
            var changed = false
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(n), Int32(k), Int32(width),
                        1, rows, Int32(width), centres, Int32(width), 0, &products, Int32(k))
            var centreNorms = [Double](repeating: 0, count: k)
            for c in 0..<k { for j in 0..<width { centreNorms[c] += centres[c * width + j] * centres[c * width + j] } }
            for i in 0..<n {
                var best = 0, bestDistance = Double.infinity
                for c in 0..<k {
                    let d = rowNorms[i] - 2 * products[i * k + c] + centreNorms[c]
                    if d < bestDistance { bestDistance = d; best = c }
                }
                if assignments[i] != best { assignments[i] = best; changed = true }
            }
            if !changed { break }
            var sums = [Double](repeating: 0, count: k * width)
            var counts = [Int](repeating: 0, count: k)
            for i in 0..<n {
                counts[assignments[i]] += 1
                for j in 0..<width { sums[assignments[i] * width + j] += rows[i * width + j] }
            }
            for c in 0..<k where counts[c] > 0 {  // an emptied cluster keeps its centre
                for j in 0..<width { centres[c * width + j] = sums[c * width + j] / Double(counts[c]) }
            }
        }
        self.centres = centres
        self.k = k
        self.width = width
        self.assignments = assignments
        self.iterations = iterations
    }
}
