import CBLAS
import Datasets
import Foundation

/// What I(X_0, X_1; Y) a PID card's discretised estimate is measured against: a value computed
/// without the discretisation, so that `bench pid` can say how much of the information the
/// clusters keep (a discretisation can only lose information, by the data-processing inequality).
public struct InformationReference: Codable, Sendable, Equatable {
    /// Where the value comes from.
    public enum Source: String, Codable, Sendable {
        /// The generator's labels are a function of its noise-free latents, so the modalities
        /// together carry all of H(Y): the reference is the split's label entropy.
        case generator
        /// Leave-one-out k-nearest-neighbour classifier on the standardised features of all
        /// modalities together: H(Y) minus its cross-entropy, a lower bound on I(X; Y) up to
        /// sampling error (weak when many features are noise, so "kept" can exceed 1).
        case classifier
    }

    /// The reference value of I(X_0, …; Y), bits.
    public var bits: Double
    /// How it was obtained.
    public var source: Source

    /// Creates a reference.
    public init(bits: Double, source: Source) {
        self.bits = bits
        self.source = source
    }

    /// The fraction `estimate / bits` the discretisation keeps (nil when the reference is 0).
    public func kept(_ estimate: Double) -> Double? { bits > 1e-9 ? estimate / bits : nil }

    /// The empirical label entropy H(Y) of `labels`, bits.
    public static func labelEntropy(_ labels: [Int], classCount: Int) -> Double {
        var counts = [Double](repeating: 0, count: max(classCount, (labels.max() ?? 0) + 1))
        for y in labels { counts[y] += 1 }
        return Entropy.bits(counts.map { $0 / Double(labels.count) })
    }

    /// The generator's value: H(Y) of the split.
    public static func generator(labels: [Int], classCount: Int) -> InformationReference {
        InformationReference(bits: labelEntropy(labels, classCount: classCount), source: .generator)
    }

    /// The classifier estimate for `split`: each example's `neighbours` (at most n − 1) nearest others (Euclidean,
    /// on every modality's features standardised per column and concatenated) vote, with
    /// half a pseudo-count per class, p(y | x) = (votes_y + ½) / (neighbours + C/2);
    /// the reference is max(0, H(Y) − mean −log₂ p(y_i | x_i)).
    public static func classifier(_ split: Split, labels: [Int], classCount: Int,
                                  neighbours: Int = 20) throws -> InformationReference {
        let n = split.count
        guard n >= 2, labels.count == n, neighbours >= 1 else {
            throw InformationError("the classifier reference needs at least 2 examples with one label each, found \(n) (\(labels.count) labels)")
        }
        let neighbours = min(neighbours, n - 1)
        var columns: [[Double]] = []
        for modality in split.modalities {
            let (rows, width) = Discretization.exampleFeatures(modality)
            for j in 0..<width {
                var column = (0..<n).map { rows[$0 * width + j] }
                let mean = column.reduce(0, +) / Double(n)
                let sd = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n)).squareRoot()
                guard sd > 0 else { continue }  // a constant feature says nothing
                for i in 0..<n { column[i] = (column[i] - mean) / sd }
                columns.append(column)
            }
        }
        let width = columns.count
        guard width > 0 else { return InformationReference(bits: 0, source: .classifier) }
        var x = [Double](repeating: 0, count: n * width)
        for (j, column) in columns.enumerated() { for i in 0..<n { x[i * width + j] = column[i] } }
        let norms = (0..<n).map { i in (0..<width).reduce(0.0) { $0 + x[i * width + $1] * x[i * width + $1] } }
        let classes = max(classCount, (labels.max() ?? 0) + 1)
        var crossEntropy = 0.0
        let block = 256
        var gram = [Double](repeating: 0, count: block * n)
        var start = 0
        while start < n {
            let rows = min(block, n - start)
            x.withUnsafeBufferPointer { all in
                cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(n), Int32(width), 1,
                            all.baseAddress! + start * width, Int32(width), all.baseAddress!, Int32(width), 0, &gram, Int32(n))
            }
            for r in 0..<rows {
                let i = start + r
                // The `neighbours` smallest squared distances, ties broken by index (deterministic).
                var nearest: [(distance: Double, index: Int)] = []
                nearest.reserveCapacity(neighbours + 1)
                for j in 0..<n where j != i {
                    let d = norms[i] + norms[j] - 2 * gram[r * n + j]
                    if nearest.count == neighbours, let last = nearest.last, d >= last.distance { continue }
                    let at = nearest.firstIndex { d < $0.distance } ?? nearest.count
                    nearest.insert((d, j), at: at)
                    if nearest.count > neighbours { nearest.removeLast() }
                }
                let votes = nearest.reduce(0) { $0 + (labels[$1.index] == labels[i] ? 1 : 0) }
                let p = (Double(votes) + 0.5) / (Double(neighbours) + 0.5 * Double(classes))
                crossEntropy -= log2(p)
            }
            start += rows
        }
        let bits = labelEntropy(labels, classCount: classCount) - crossEntropy / Double(n)
        return InformationReference(bits: max(0, bits), source: .classifier)
    }
}
