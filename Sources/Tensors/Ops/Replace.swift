/// The coordinate-replace operation that SynIB's corruptions are built on.
extension Tensor {
    /// out = mask ? fill : self, element by element. `mask` holds 0/1 values and has this
    /// tensor's shape, as does `fill`. The gradient reaches `self` only where the mask is 0
    /// and `fill` only where it is 1 (if `fill` tracks gradients).
    public func replacing(where mask: Tensor, with fill: Tensor) -> Tensor {
        precondition(mask.shape == shape && fill.shape == shape,
                     "replacing: mask \(mask.shape) and fill \(fill.shape) must both have shape \(shape)")
        var out = data
        let flags = mask.data, fillValues = fill.data
        for i in 0..<count where flags[i] != 0 { out[i] = fillValues[i] }
        let x = self
        return Tensor(shape: shape, data: out, parents: [x, fill]) { outT in
            let g = outT.grad!
            x.accumulateGrad { gx in
                for i in 0..<gx.count where flags[i] == 0 { gx[i] += g[i] }
            }
            fill.accumulateGrad { gf in
                for i in 0..<gf.count where flags[i] != 0 { gf[i] += g[i] }
            }
        }
    }
}
