/// Reshuffling between [B, T, H·d] and the per-head layout [B·H, T, d] used by attention.
extension Tensor {
    /// [B, T, H·d] → [B·H, T, d]: head h of example b becomes batch entry b·H + h.
    public func splitHeads(_ heads: Int) -> Tensor {
        precondition(rank == 3 && heads > 0 && shape[2] % heads == 0,
                     "splitHeads: \(shape) cannot be split into \(heads) heads")
        let (b, t, width) = (shape[0], shape[1], shape[2])
        let d = width / heads
        return permuted(to: [b * heads, t, d]) { bi, s, h, j in ((bi * heads + h) * t + s) * d + j }
    }

    /// [B·H, T, d] → [B, T, H·d], the inverse of ``splitHeads(_:)``.
    public func mergeHeads(_ heads: Int) -> Tensor {
        precondition(rank == 3 && heads > 0 && shape[0] % heads == 0,
                     "mergeHeads: \(shape) does not hold \(heads) heads per example")
        let (bh, t, d) = (shape[0], shape[1], shape[2])
        let b = bh / heads
        // Walk the output [B, T, H, d] and read the per-head input.
        let data = self.data
        var out = [Float](repeating: 0, count: count)
        var sourceIndex = [Int](repeating: 0, count: count)
        for bi in 0..<b {
            for s in 0..<t {
                for h in 0..<heads {
                    for j in 0..<d {
                        let o = ((bi * t + s) * heads + h) * d + j
                        let src = ((bi * heads + h) * t + s) * d + j
                        out[o] = data[src]
                        sourceIndex[o] = src
                    }
                }
            }
        }
        let x = self
        return Tensor(shape: [b, t, heads * d], data: out, parents: [x]) { outT in
            let g = outT.grad!
            x.accumulateGrad { gx in for o in 0..<g.count { gx[sourceIndex[o]] += g[o] } }
        }
    }

    /// Moves element (b, s, h, j) of [B, T, H·d] to `index(b, s, h, j)` of a tensor of `newShape`.
    private func permuted(to newShape: [Int], _ index: (Int, Int, Int, Int) -> Int) -> Tensor {
        let (b, t, width) = (shape[0], shape[1], shape[2])
        let heads = newShape[0] / b, d = width / heads
        let data = self.data
        var out = [Float](repeating: 0, count: count)
        var target = [Int](repeating: 0, count: count)
        for bi in 0..<b {
            for s in 0..<t {
                for h in 0..<heads {
                    for j in 0..<d {
                        let i = ((bi * t + s) * heads + h) * d + j
                        let o = index(bi, s, h, j)
                        out[o] = data[i]
                        target[i] = o
                    }
                }
            }
        }
        let x = self
        return Tensor(shape: newShape, data: out, parents: [x]) { outT in
            let g = outT.grad!
            x.accumulateGrad { gx in for i in 0..<gx.count { gx[i] += g[target[i]] } }
        }
    }
}
