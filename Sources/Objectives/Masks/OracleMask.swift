import Tensors

/// `.oracle(tag)`: the known synergy block of the input, filled with N(0, 1), on every row
/// (or, with a tag, on the rows tagged as synergistic; those rows alone are then scored).
enum OracleMask {
    /// A corruption of input `x` ([N, D]) withholding `block` on the rows where `rows` is true.
    static func corruption(of x: Tensor, block: Range<Int>, rows selected: [Bool], rng: inout RandomStream) -> Corruption {
        let (n, d) = (x.shape[0], x.shape[1])
        precondition(block.upperBound <= d && selected.count == n,
                     "oracle mask: block \(block) or \(selected.count) row flags do not fit input \(x.shape)")
        var mask = [Float](repeating: 0, count: n * d)
        var rows: [Int] = []
        for i in 0..<n where selected[i] {
            rows.append(i)
            for j in block { mask[i * d + j] = 1 }
        }
        return Corruption(mask: Tensor(shape: [n, d], data: mask), fill: Tensor.normal([n, d], rng: &rng),
                          rows: rows.count == n ? nil : rows)
    }
}
