import Foundation
import Tensors

/// How PID-XOR's coordinates are mixed after the source blocks are written and before
/// standardisation (docs/METHOD.md, "Entangled PID-XOR"): with `identity` every source sits in
/// its own axis-aligned block; the other kinds spread the blocks over all coordinates, so that no
/// coordinate mask can single out the synergy block.
public struct PIDXORMixing: Codable, Hashable, Sendable {
    /// The kind of mixing.
    public enum Kind: String, Codable, CaseIterable, Sendable {
        /// No mixing: x_m as generated.
        case identity
        /// x_m ← Q_m x_m, Q_m a fixed random orthogonal d × d matrix per modality.
        case rotation
        /// x_m ← Q_m x_m, Q_m block-diagonal: the four blocks (unique, redundant, synergy, noise)
        /// are paired at random and each pair's coordinates are rotated together.
        case partialRotation = "partial-rotation"
        /// x_m ← tanh(scale · Q_m x_m): a rotation followed by a non-linearity no linear layer undoes.
        case tanh
    }

    /// The kind.
    public var kind: Kind
    /// Seed of the matrices, independent of the run seed (every run sees the same Q_m).
    public var seed: UInt64
    /// The scale inside tanh (`tanh` only).
    public var scale: Double

    /// A mixing; seed 0 and scale 1 by default (the authors' `tanh(Q x)`).
    public init(_ kind: Kind, seed: UInt64 = 0, scale: Double = 1) {
        self.kind = kind
        self.seed = seed
        self.scale = scale
    }

    /// The orthogonal matrix Q_m of modality `m` ([d × d] row-major), or nil for `identity`.
    /// `blocks` are the contiguous unique, redundant, synergy and noise ranges (partial rotation).
    public func rotation(modality m: Int, dimensions d: Int, blocks: [Range<Int>]) -> [Double]? {
        var rng = RandomStream(seed: seed).split("pid-xor-mixing").split(m)
        switch kind {
        case .identity:
            return nil
        case .rotation, .tanh:
            return Self.randomOrthogonal(d, rng: &rng)
        case .partialRotation:
            let order = rng.permutation(blocks.count)
            var q = [Double](repeating: 0, count: d * d)
            for j in 0..<d { q[j * d + j] = 1 }
            for pair in stride(from: 0, to: order.count - 1, by: 2) {
                let coordinates = Array(blocks[order[pair]]) + Array(blocks[order[pair + 1]])
                let k = coordinates.count
                guard k > 0 else { continue }
                let small = Self.randomOrthogonal(k, rng: &rng)
                for (a, i) in coordinates.enumerated() {
                    for (b, j) in coordinates.enumerated() { q[i * d + j] = small[a * k + b] }
                }
            }
            return q
        }
    }

    /// A random orthogonal k × k matrix: the Q of the QR decomposition of a standard Gaussian
    /// matrix, with the signs fixed so that R has a positive diagonal (then Q is unique and
    /// Haar-distributed). Modified Gram–Schmidt on the columns, in double precision; row-major.
    public static func randomOrthogonal(_ k: Int, rng: inout RandomStream) -> [Double] {
        var a = (0..<(k * k)).map { _ in Double(rng.normal()) }
        for j in 0..<k {
            for i in 0..<j {
                var dot = 0.0
                for r in 0..<k { dot += a[r * k + i] * a[r * k + j] }
                for r in 0..<k { a[r * k + j] -= dot * a[r * k + i] }
            }
            var norm = 0.0
            for r in 0..<k { norm += a[r * k + j] * a[r * k + j] }
            norm = norm.squareRoot()
            for r in 0..<k { a[r * k + j] /= norm }
        }
        return a
    }

    /// Applies the mixing to one modality's rows in place: x ← Q x (then tanh(scale ·) for `tanh`).
    func apply(_ q: [Double], to values: inout [Float], dimensions d: Int) {
        let n = values.count / d
        var row = [Double](repeating: 0, count: d)
        for i in 0..<n {
            for j in 0..<d { row[j] = Double(values[i * d + j]) }
            for r in 0..<d {
                var s = 0.0
                for j in 0..<d { s += q[r * d + j] * row[j] }
                values[i * d + r] = Float(kind == .tanh ? Foundation.tanh(scale * s) : s)
            }
        }
    }
}

/// How to go back from a mixed, standardised modality to the coordinates the sources were
/// written in (rotations only): x_source = Q⁻¹(x · std + mean), with Q⁻¹ = Qᵀ. The oracle uses it
/// to withhold the synergy block in the source basis.
public struct SourceBasis: Sendable, Equatable {
    /// Q ([d × d] row-major), the mixing's orthogonal matrix.
    public let rotation: [Float]
    /// The training split's per-coordinate mean (of the mixed values).
    public let mean: [Float]
    /// The training split's per-coordinate standard deviation.
    public let std: [Float]

    /// A basis from its matrix and the standardisation statistics.
    public init(rotation: [Float], mean: [Float], std: [Float]) {
        self.rotation = rotation
        self.mean = mean
        self.std = std
    }

    /// The width d.
    public var dimensions: Int { mean.count }

    /// Standardised mixed rows ([n × d]) → source coordinates.
    public func toSource(_ x: [Float]) -> [Float] {
        let d = dimensions, n = x.count / d
        var out = [Float](repeating: 0, count: x.count)
        for i in 0..<n {
            for j in 0..<d {
                var s: Float = 0
                // (Qᵀ v)_j = Σ_r Q[r, j] v_r with v = x · std + mean.
                for r in 0..<d { s += rotation[r * d + j] * (x[i * d + r] * std[r] + mean[r]) }
                out[i * d + j] = s
            }
        }
        return out
    }

    /// Source coordinates ([n × d]) → standardised mixed rows.
    public func fromSource(_ s: [Float]) -> [Float] {
        let d = dimensions, n = s.count / d
        var out = [Float](repeating: 0, count: s.count)
        for i in 0..<n {
            for r in 0..<d {
                var v: Float = 0
                for j in 0..<d { v += rotation[r * d + j] * s[i * d + j] }
                out[i * d + r] = (v - mean[r]) / std[r]
            }
        }
        return out
    }
}
