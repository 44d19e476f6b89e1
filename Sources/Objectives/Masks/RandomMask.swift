import Tensors

/// `.random(p, fill)`: every coordinate is withheld independently with probability p.
enum RandomMask {
    /// A corruption of `x` ([N, D]).
    static func corruption(of x: Tensor, p: Float, fill: Fill, rng: inout RandomStream) -> Corruption {
        let (n, d) = (x.shape[0], x.shape[1])
        let mask = Tensor(shape: [n, d], data: (0..<(n * d)).map { _ in rng.bernoulli(Double(p)) ? 1 : 0 })
        let values: Tensor
        switch fill {
        case .shuffle:
            values = x.stopGradient().gatherRows(otherRows(n, rng: &rng))
        case .noise(let sigma):
            values = Tensor.normal([n, d], std: sigma, rng: &rng)
        case .permutation:
            values = x.stopGradient().gatherRows(rng.permutation(n))
        }
        return Corruption(mask: mask, fill: values, rows: nil)
    }

    /// For each row, another row of the batch: a random permutation π followed around as one
    /// cycle (row π[k] takes row π[k+1]), so no row ever takes itself when n > 1.
    static func otherRows(_ n: Int, rng: inout RandomStream) -> [Int] {
        guard n > 1 else { return Array(0..<n) }
        let pi = rng.permutation(n)
        var source = [Int](repeating: 0, count: n)
        for k in 0..<n { source[pi[k]] = pi[(k + 1) % n] }
        return source
    }
}
