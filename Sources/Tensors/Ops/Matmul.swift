import CKernels
/// Matrix products through `cblas_sgemm`.
extension Tensor {
    /// op(self) · op(other) for 2-D tensors, where op transposes when asked.
    /// Gradients: for C = A·B, dA = dC·Bᵀ and dB = Aᵀ·dC (transposed variants accordingly).
    public func matmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        precondition(rank == 2 && other.rank == 2,
                     "matmul needs 2-D tensors, got \(shape) and \(other.shape)")
        return Tensor.batchedProduct(self, other, transposeA: transposeSelf, transposeB: transposeOther, batch: 1)
    }

    /// Batched product of 3-D tensors: out[i] = op(self[i]) · op(other[i]).
    public func batchedMatmul(_ other: Tensor, transposeSelf: Bool = false, transposeOther: Bool = false) -> Tensor {
        precondition(rank == 3 && other.rank == 3 && shape[0] == other.shape[0],
                     "batchedMatmul needs 3-D tensors with the same batch, got \(shape) and \(other.shape)")
        return Tensor.batchedProduct(self, other, transposeA: transposeSelf, transposeB: transposeOther,
                                     batch: shape[0])
    }

    private static func batchedProduct(_ a: Tensor, _ b: Tensor, transposeA: Bool, transposeB: Bool,
                                       batch: Int) -> Tensor {
        let (ar, ac) = (a.shape[a.rank - 2], a.shape[a.rank - 1])
        let (br, bc) = (b.shape[b.rank - 2], b.shape[b.rank - 1])
        let (m, k) = transposeA ? (ac, ar) : (ar, ac)
        let (k2, n) = transposeB ? (bc, br) : (br, bc)
        precondition(k == k2, "matmul: inner dimensions differ: \(a.shape)\(transposeA ? "ᵀ" : "") · \(b.shape)\(transposeB ? "ᵀ" : "")")
        let outShape = a.rank == 2 ? [m, n] : [batch, m, n]
        // Left uninitialised: each product is written with beta = 0, which sets every element.
        var out = [Float](unsafeUninitializedCapacity: batch * m * n) { _, initialized in initialized = batch * m * n }
        let (aStride, bStride, cStride) = (ar * ac, br * bc, m * n)
        a.data.withUnsafeBufferPointer { pa in
            b.data.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { pc in
                    for i in 0..<batch {
                        BLAS.sgemm(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k,
                                   a: pa.baseAddress! + i * aStride, lda: ac,
                                   b: pb.baseAddress! + i * bStride, ldb: bc,
                                   beta: 0, c: pc.baseAddress! + i * cStride, ldc: n)
                    }
                }
            }
        }
        return Tensor(shape: outShape, data: out, parents: [a, b]) { outT in
            outT.grad!.withUnsafeBufferPointer { pg in
                if a.requiresGrad {
                    b.data.withUnsafeBufferPointer { pb in
                        a.accumulateGrad { ga in
                            for i in 0..<batch {
                                let G = pg.baseAddress! + i * cStride, B = pb.baseAddress! + i * bStride
                                let dA = ga.baseAddress! + i * aStride
                                if !transposeA {  // dA (m×k) = G · op(B)ᵀ
                                    BLAS.sgemm(transposeA: false, transposeB: !transposeB, m: m, n: k, k: n,
                                               a: G, lda: n, b: B, ldb: bc, beta: 1, c: dA, ldc: ac)
                                } else {           // dA (k×m) = op(B) · Gᵀ
                                    BLAS.sgemm(transposeA: transposeB, transposeB: true, m: k, n: m, k: n,
                                               a: B, lda: bc, b: G, ldb: n, beta: 1, c: dA, ldc: ac)
                                }
                            }
                        }
                    }
                }
                if b.requiresGrad {
                    a.data.withUnsafeBufferPointer { pa in
                        b.accumulateGrad { gb in
                            for i in 0..<batch {
                                let G = pg.baseAddress! + i * cStride, A = pa.baseAddress! + i * aStride
                                let dB = gb.baseAddress! + i * bStride
                                if !transposeB {  // dB (k×n) = op(A)ᵀ · G
                                    BLAS.sgemm(transposeA: !transposeA, transposeB: false, m: k, n: n, k: m,
                                               a: A, lda: ac, b: G, ldb: n, beta: 1, c: dB, ldc: bc)
                                } else {           // dB (n×k) = Gᵀ · op(A)
                                    BLAS.sgemm(transposeA: true, transposeB: transposeA, m: n, n: k, k: m,
                                               a: G, lda: n, b: A, ldb: ac, beta: 1, c: dB, ldc: bc)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// The affine map of a linear layer, fused: `activation(self · weightᵀ + bias)` with `weight`
    /// of shape [out, in] (PyTorch's layout) and `bias` of shape [out]. `self` may be [N, in] or
    /// [N, T, in] (applied to every step). The bias is written first and the product added
    /// onto it by the same GEMM (beta = 1), so bias addition costs no extra pass; a ReLU is
    /// applied in place on the GEMM's output (and its mask to the incoming gradient), other
    /// activations follow as their own op.
    public func linear(weight: Tensor, bias: Tensor?, activation: Activation = .identity) -> Tensor {
        let shapes = linearShapes(weight: weight, bias: bias)
        guard activation == .identity || activation == .relu else {
            return activation(linear(weight: weight, bias: bias))
        }
        let fusedReLU = activation == .relu
        let input = self
        let forward = { (outT: Tensor) in
            outT.data.withUnsafeMutableBufferPointer { po in
                Tensor.affine(input, weight: weight, bias: bias, rows: shapes.rows, into: po)
                if fusedReLU { synib_relu(po.baseAddress!, po.count) }
            }
        }
        return Tensor(shape: shapes.out, parents: [input, weight] + (bias.map { [$0] } ?? []), forward: forward) { outT in
            // Through the fused ReLU: zero the gradient where the output was clipped (in place:
            // this node's gradient is not read again once pushed to its parents).
            if fusedReLU {
                outT.data.withUnsafeBufferPointer { y in
                    outT.grad!.withUnsafeMutableBufferPointer { g in synib_relu_backward(g.baseAddress!, y.baseAddress!, g.count) }
                }
            }
            outT.grad!.withUnsafeBufferPointer { pg in
                Tensor.affineBackward(pg.baseAddress!, input, weight: weight, bias: bias, rows: shapes.rows)
            }
        }
    }

    /// The output shape and the number of rows of `self.linear(weight:bias:)`, checked.
    func linearShapes(weight: Tensor, bias: Tensor?) -> (out: [Int], rows: Int) {
        precondition(weight.rank == 2 && rank >= 1 && shape.last == weight.shape[1],
                     "linear: input \(shape) does not match weight \(weight.shape) (expects [out, in])")
        let outFeatures = weight.shape[0], inFeatures = weight.shape[1]
        if let bias { precondition(bias.shape == [outFeatures], "linear: bias \(bias.shape) must be [\(outFeatures)]") }
        var outShape = shape
        outShape[outShape.count - 1] = outFeatures
        return (outShape, inFeatures == 0 ? 0 : count / inFeatures)
    }

    /// Writes every element of `out` with x · Wᵀ + b: the bias rows first, then the GEMM with
    /// beta = 1 (or the GEMM alone with beta = 0 when there is no bias).
    static func affine(_ x: Tensor, weight: Tensor, bias: Tensor?, rows: Int, into po: UnsafeMutableBufferPointer<Float>) {
        x.data.withUnsafeBufferPointer { px in
            weight.data.withUnsafeBufferPointer { pw in
                if let bias {
                    bias.data.withUnsafeBufferPointer { pb in
                        affine(px.baseAddress!, rows: rows, weight: pw.baseAddress!, outFeatures: weight.shape[0],
                               inFeatures: weight.shape[1], bias: pb.baseAddress!, into: po.baseAddress!)
                    }
                } else {
                    affine(px.baseAddress!, rows: rows, weight: pw.baseAddress!, outFeatures: weight.shape[0],
                           inFeatures: weight.shape[1], bias: nil, into: po.baseAddress!)
                }
            }
        }
    }

    /// ``affine(_:weight:bias:rows:into:)`` on raw rows: `rows` × `inFeatures` at `x`, the
    /// [out, in] weight and the optional bias, written to `rows` × `outFeatures` at `out`.
    static func affine(_ x: UnsafePointer<Float>, rows: Int, weight: UnsafePointer<Float>, outFeatures: Int,
                       inFeatures: Int, bias: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>) {
        if let bias {
            for r in 0..<rows { (out + r * outFeatures).update(from: bias, count: outFeatures) }
        }
        BLAS.sgemm(transposeA: false, transposeB: true, m: rows, n: outFeatures, k: inFeatures,
                   a: x, lda: inFeatures, b: weight, ldb: inFeatures,
                   beta: bias == nil ? 0 : 1, c: out, ldc: outFeatures)
    }

    /// Pushes G, the gradient of x · Wᵀ + b (rows × out), into x, W and b (not into b when
    /// `biasDone`: the caller has added its column sums already).
    static func affineBackward(_ G: UnsafePointer<Float>, _ input: Tensor, weight: Tensor, bias: Tensor?, rows: Int,
                               biasDone: Bool = false) {
        let outFeatures = weight.shape[0], inFeatures = weight.shape[1]
        if input.requiresGrad {  // dX = G · W
            weight.data.withUnsafeBufferPointer { pw in
                input.accumulateGrad { gx, fresh in
                    BLAS.sgemm(transposeA: false, transposeB: false, m: rows, n: inFeatures, k: outFeatures,
                               a: G, lda: outFeatures, b: pw.baseAddress!, ldb: inFeatures,
                               beta: fresh ? 0 : 1, c: gx.baseAddress!, ldc: inFeatures)
                }
            }
        }
        if weight.requiresGrad {  // dW = Gᵀ · X
            input.data.withUnsafeBufferPointer { px in
                weight.accumulateGrad { gw, fresh in
                    BLAS.sgemm(transposeA: true, transposeB: false, m: outFeatures, n: inFeatures, k: rows,
                               a: G, lda: outFeatures, b: px.baseAddress!, ldb: inFeatures,
                               beta: fresh ? 0 : 1, c: gw.baseAddress!, ldc: inFeatures)
                }
            }
        }
        if let bias, bias.requiresGrad, !biasDone {  // db = column sums of G
            bias.accumulateGrad { gb in synib_add_column_sums(gb.baseAddress!, G, rows, outFeatures) }
        }
    }
}
