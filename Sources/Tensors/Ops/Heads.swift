/// Reshuffling between [B, T, H·d] and the per-head layout [B·H, T, d] used by attention.
extension Tensor {
    /// [B, T, H·d] → [B·H, T, d]: head h of example b becomes batch entry b·H + h.
    public func splitHeads(_ heads: Int) -> Tensor {
        precondition(rank == 3 && heads > 0 && shape[2] % heads == 0,
                     "splitHeads: \(shape) cannot be split into \(heads) heads")
        let (b, t, d) = (shape[0], shape[1], shape[2] / heads)
        // Output element (bh, s, j) with bh = b·H + h reads input (b, s, h·d + j).
        return gathered([b * heads, t, d], from: Tensor.headIndex(batch: b, steps: t, heads: heads, width: d, split: true))
    }

    /// [B·H, T, d] → [B, T, H·d], the inverse of ``splitHeads(_:)``.
    public func mergeHeads(_ heads: Int) -> Tensor {
        precondition(rank == 3 && heads > 0 && shape[0] % heads == 0,
                     "mergeHeads: \(shape) does not hold \(heads) heads per example")
        let (b, t, d) = (shape[0] / heads, shape[1], shape[2])
        return gathered([b, t, heads * d], from: Tensor.headIndex(batch: b, steps: t, heads: heads, width: d, split: false))
    }

    /// For every output element, the input element it copies: between [B, T, H·d] and
    /// [B·H, T, d] in the direction `split` says.
    private static func headIndex(batch b: Int, steps t: Int, heads: Int, width d: Int, split: Bool) -> [Int] {
        var source = [Int](repeating: 0, count: b * t * heads * d)
        for bi in 0..<b {
            for s in 0..<t {
                for h in 0..<heads {
                    for j in 0..<d {
                        let merged = ((bi * t + s) * heads + h) * d + j
                        let perHead = ((bi * heads + h) * t + s) * d + j
                        if split { source[perHead] = merged } else { source[merged] = perHead }
                    }
                }
            }
        }
        return source
    }

    /// out[o] = self[source[o]] with the given shape (a permutation); the gradient is scattered back.
    private func gathered(_ newShape: [Int], from source: [Int]) -> Tensor {
        let data = self.data
        let out = source.map { data[$0] }
        let x = self
        return Tensor(shape: newShape, data: out, parents: [x]) { outT in
            let g = outT.grad!
            x.accumulateGrad { gx in for o in 0..<g.count { gx[source[o]] += g[o] } }
        }
    }
}
