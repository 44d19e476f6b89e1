import CKernels

/// Multi-head scaled dot-product attention fused into one op that reads the heads in place.
extension Tensor {
    /// softmax(Q_h·K_hᵀ/√d over the valid keys) · V_h for every head h, on query, key and value
    /// of shape [B, T, H·d] (head h is features h·d ..< (h+1)·d), with `valid` the [B, T]
    /// validity of each step; the result is [B, T, H·d], the heads side by side.
    ///
    /// The same products, in the same order and with the same shapes, as
    /// `scaledDotProductAttention` on `splitHeads` inputs followed by `mergeHeads` (hence the
    /// same bits), but each head's matrices are addressed with a row stride of H·d instead of
    /// being copied out and back, the masked softmax runs in C, and the backward pass is one
    /// closure: no per-head copies, no index tables, no intermediate graph nodes.
    public static func multiHeadSelfAttention(query q: Tensor, key k: Tensor, value v: Tensor, heads: Int,
                                              valid: [Float]) -> Tensor {
        precondition(q.rank == 3 && q.shape == k.shape && q.shape == v.shape,
                     "attention: query \(q.shape), key \(k.shape) and value \(v.shape) must be equal [B, T, H·d]")
        let (b, t, width) = (q.shape[0], q.shape[1], q.shape[2])
        precondition(heads > 0 && width % heads == 0, "attention: width \(width) is not divisible by \(heads) heads")
        precondition(valid.count == b * t, "attention: \(valid.count) step flags for \(b) × \(t) steps")
        let d = width / heads
        let scale = 1 / Float(d).squareRoot()
        let square = t * t
        // Attention weights of every (example, head): [B, H, T, T].
        var weights = [Float](unsafeUninitializedCapacity: b * heads * square) { _, n in n = b * heads * square }
        var out = [Float](unsafeUninitializedCapacity: b * t * width) { _, n in n = b * t * width }
        q.data.withUnsafeBufferPointer { pq in
            k.data.withUnsafeBufferPointer { pk in
                v.data.withUnsafeBufferPointer { pv in
                    valid.withUnsafeBufferPointer { flags in
                        weights.withUnsafeMutableBufferPointer { pw in
                            out.withUnsafeMutableBufferPointer { po in
                                for i in 0..<b {
                                    for h in 0..<heads {
                                        let offset = i * t * width + h * d
                                        let w = pw.baseAddress! + (i * heads + h) * square
                                        // Scores Q·Kᵀ into the weights' buffer, then softmax in place.
                                        BLAS.sgemm(transposeA: false, transposeB: true, m: t, n: t, k: d,
                                                   a: pq.baseAddress! + offset, lda: width,
                                                   b: pk.baseAddress! + offset, ldb: width, beta: 0, c: w, ldc: t)
                                        synib_masked_softmax_rows(w, w, t, t, flags.baseAddress! + i * t, scale)
                                        BLAS.sgemm(transposeA: false, transposeB: false, m: t, n: d, k: t,
                                                   a: w, lda: t, b: pv.baseAddress! + offset, ldb: width,
                                                   beta: 0, c: po.baseAddress! + offset, ldc: width)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor(shape: [b, t, width], data: out, parents: [q, k, v]) { outT in
            var scores = [Float](unsafeUninitializedCapacity: square) { _, n in n = square }
            var gradWeights = [Float](unsafeUninitializedCapacity: square) { _, n in n = square }
            // Each input's gradient buffer is written head by head: fresh ones with beta = 0.
            func withGrad(_ x: Tensor, _ body: (UnsafeMutablePointer<Float>?, Bool) -> Void) {
                guard x.requiresGrad else { return body(nil, false) }
                x.accumulateGrad { buffer, fresh in body(buffer.baseAddress!, fresh) }
            }
            outT.grad!.withUnsafeBufferPointer { pg in
                weights.withUnsafeBufferPointer { pw in
                    q.data.withUnsafeBufferPointer { pq in
                        k.data.withUnsafeBufferPointer { pk in
                            v.data.withUnsafeBufferPointer { pv in
                                withGrad(q) { gq, freshQ in
                                    withGrad(k) { gk, freshK in
                                        withGrad(v) { gv, freshV in
                                            for i in 0..<b {
                                                for h in 0..<heads {
                                                    let offset = i * t * width + h * d
                                                    let w = pw.baseAddress! + (i * heads + h) * square
                                                    let g = pg.baseAddress! + offset
                                                    if let gv {  // dV = Wᵀ · G
                                                        BLAS.sgemm(transposeA: true, transposeB: false, m: t, n: d, k: t,
                                                                   a: w, lda: t, b: g, ldb: width, beta: freshV ? 0 : 1,
                                                                   c: gv + offset, ldc: width)
                                                    }
                                                    guard gq != nil || gk != nil else { continue }
                                                    // dW = G · Vᵀ, then through the softmax.
                                                    gradWeights.withUnsafeMutableBufferPointer { pgw in
                                                        BLAS.sgemm(transposeA: false, transposeB: true, m: t, n: t, k: d,
                                                                   a: g, lda: width, b: pv.baseAddress! + offset, ldb: width,
                                                                   beta: 0, c: pgw.baseAddress!, ldc: t)
                                                        scores.withUnsafeMutableBufferPointer { ps in
                                                            synib_masked_softmax_rows_backward(ps.baseAddress!, pgw.baseAddress!, w,
                                                                                               t, t, scale, 1)
                                                        }
                                                    }
                                                    scores.withUnsafeBufferPointer { ps in
                                                        if let gq {  // dQ = dS · K
                                                            BLAS.sgemm(transposeA: false, transposeB: false, m: t, n: d, k: t,
                                                                       a: ps.baseAddress!, lda: t, b: pk.baseAddress! + offset,
                                                                       ldb: width, beta: freshQ ? 0 : 1, c: gq + offset, ldc: width)
                                                        }
                                                        if let gk {  // dK = dSᵀ · Q
                                                            BLAS.sgemm(transposeA: true, transposeB: false, m: t, n: d, k: t,
                                                                       a: ps.baseAddress!, lda: t, b: pq.baseAddress! + offset,
                                                                       ldb: width, beta: freshK ? 0 : 1, c: gk + offset, ldc: width)
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
