/// Sums and means.
extension Tensor {
    /// The sum of all elements (a scalar).
    public func sum() -> Tensor {
        var s: Float = 0
        for v in data { s += v }
        let x = self
        return Tensor(shape: [], data: [s], parents: [x]) { outT in
            let g = outT.grad![0]
            x.accumulateGrad { gx in for i in 0..<gx.count { gx[i] += g } }
        }
    }

    /// The mean of all elements (a scalar).
    public func mean() -> Tensor { sum() * (1 / Float(max(count, 1))) }

    /// Sums over `axis`, removing it (e.g. [N, T, D].sum(axis: 1) → [N, D]).
    public func sum(axis: Int) -> Tensor {
        precondition(axis >= 0 && axis < rank, "sum(axis:): axis \(axis) out of range for \(shape)")
        let outer = shape[..<axis].reduce(1, *), length = shape[axis]
        let inner = shape[(axis + 1)...].reduce(1, *)
        var out = [Float](repeating: 0, count: outer * inner)
        let data = self.data
        for o in 0..<outer {
            for a in 0..<length {
                let src = (o * length + a) * inner
                for i in 0..<inner { out[o * inner + i] += data[src + i] }
            }
        }
        var outShape = shape
        outShape.remove(at: axis)
        let x = self
        return Tensor(shape: outShape, data: out, parents: [x]) { outT in
            let g = outT.grad!
            x.accumulateGrad { gx in
                for o in 0..<outer {
                    for a in 0..<length {
                        let dst = (o * length + a) * inner
                        for i in 0..<inner { gx[dst + i] += g[o * inner + i] }
                    }
                }
            }
        }
    }

    /// Averages over `axis`, removing it.
    public func mean(axis: Int) -> Tensor {
        precondition(axis >= 0 && axis < rank, "mean(axis:): axis \(axis) out of range for \(shape)")
        return sum(axis: axis) * (1 / Float(max(shape[axis], 1)))
    }
}
