import CKernels

/// Inverted dropout.
extension Tensor {
    /// Zeroes each element with probability `p` and scales the survivors by 1/(1 − p), so the
    /// expectation is unchanged; the same mask scales the gradient. `p = 0` returns `self`.
    public func dropout(p: Float, rng: inout RandomStream) -> Tensor {
        precondition(p >= 0 && p < 1, "dropout: p must be in [0, 1), got \(p)")
        if p == 0 || count == 0 { return self }
        let scale = 1 / (1 - p)
        // One draw per element in order, as `for i where rng.uniform() >= p { keep[i] = scale }`
        // over zeros, in C (the generator's state in registers), without the zero fill.
        let keep = [Float](unsafeUninitializedCapacity: count) { k, n in
            rng.withStateWords { state in synib_dropout_keep(k.baseAddress!, count, state, p, scale) }
            n = count
        }
        // x · keep in one op (the values and gradient of `self * Tensor(keep)`, without the
        // per-element closures of the general product).
        let out = [Float](unsafeUninitializedCapacity: count) { po, n in
            data.withUnsafeBufferPointer { px in
                keep.withUnsafeBufferPointer { pk in synib_scale_by_mask(po.baseAddress!, px.baseAddress!, pk.baseAddress!, count) }
            }
            n = count
        }
        let x = self
        return Tensor(shape: shape, data: out, parents: [x]) { outT in
            outT.grad!.withUnsafeBufferPointer { g in
                keep.withUnsafeBufferPointer { pk in
                    x.accumulateGrad { gx, fresh in
                        synib_accumulate_product(gx.baseAddress!, g.baseAddress!, pk.baseAddress!, gx.count, fresh ? 1 : 0)
                    }
                }
            }
        }
    }
}
