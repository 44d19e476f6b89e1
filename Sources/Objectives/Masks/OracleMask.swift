import Datasets
import Tensors

/// `.oracle(tag)` and `.taggedOracle(tag)`: the known synergy block of the input, filled with
/// N(0, 1), on the selected rows. On mixed data (a ``SourceBasis``) the block is withheld in the
/// source basis: un-standardise, rotate back, replace the block, rotate again, re-standardise.
enum OracleMask {
    /// A corruption of input `x` ([N, D]) withholding `block` on the rows where `rows` is true.
    /// Those rows alone are scored unless `scoreEveryRow` (then the others are scored intact).
    static func corruption(of x: Tensor, block: Range<Int>, rows selected: [Bool], scoreEveryRow: Bool,
                           basis: SourceBasis?, rng: inout RandomStream) -> Corruption {
        let (n, d) = (x.shape[0], x.shape[1])
        precondition(block.upperBound <= d && selected.count == n,
                     "oracle mask: block \(block) or \(selected.count) row flags do not fit input \(x.shape)")
        var mask = [Float](repeating: 0, count: n * d)
        var rows: [Int] = []
        for i in 0..<n where selected[i] {
            rows.append(i)
            for j in block { mask[i * d + j] = 1 }
        }
        let noise = Tensor.normal([n, d], rng: &rng)
        let scored: [Int]? = scoreEveryRow || rows.count == n ? nil : rows
        guard let basis else { return Corruption(mask: Tensor(shape: [n, d], data: mask), fill: noise, rows: scored) }
        // In the source basis: the block replaced there, mapped back. Every coordinate of a
        // selected row changes, so the whole row is "withheld" with the mapped-back values.
        var source = basis.toSource(x.data)
        for i in 0..<(n * d) where mask[i] != 0 { source[i] = noise.data[i] }
        let mapped = basis.fromSource(source)
        var rowMask = [Float](repeating: 0, count: n * d)
        for i in rows { for j in 0..<d { rowMask[i * d + j] = 1 } }
        return Corruption(mask: Tensor(shape: [n, d], data: rowMask), fill: Tensor(shape: [n, d], data: mapped), rows: scored)
    }
}
