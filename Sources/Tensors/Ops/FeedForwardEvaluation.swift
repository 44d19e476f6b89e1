import CKernels

/// A Transformer's feed-forward block for evaluation, a block of rows at a time.
extension Tensor {
    /// `relu(self · W₁ᵀ + b₁) · W₂ᵀ + b₂` through constant weights (evaluation: nothing here
    /// tracks a gradient), computed `blockRows` rows at a time through one reused hidden buffer
    /// of `blockRows` × F values instead of the whole [rows, F] hidden tensor. Every output row
    /// is the same GEMM arithmetic on the same row (a row's values do not depend on the other
    /// rows of the product: OpenBLAS blocks the inner dimension by its length alone), so the
    /// values are those of the two ``linear(weight:bias:activation:)`` ops, bit for bit. That
    /// holds for products of many rows, not for a product of one row (OpenBLAS takes another
    /// path for it), so a block has at least ``minimumBlockRows`` rows: `blockRows` is raised to
    /// it, and a shorter last block joins the one before. What
    /// changes is that the hidden block stays in cache between the two products and that no
    /// hidden tensor of hundreds of megabytes (an evaluation chunk at MultiBench's shape) is
    /// allocated and page-faulted in per layer.
    public func feedForwardInBlocks(weight1: Tensor, bias1: Tensor?, weight2: Tensor, bias2: Tensor?,
                                    blockRows: Int = 256) -> Tensor {
        precondition(blockRows > 0, "feedForwardInBlocks: blockRows must be positive")
        guard !requiresGrad && !weight1.requiresGrad && !weight2.requiresGrad
                && !(bias1?.requiresGrad ?? false) && !(bias2?.requiresGrad ?? false) else {
            return linear(weight: weight1, bias: bias1, activation: .relu).linear(weight: weight2, bias: bias2)
        }
        let hiddenShapes = linearShapes(weight: weight1, bias: bias1)
        precondition(weight2.rank == 2 && weight2.shape[1] == weight1.shape[0],
                     "feedForwardInBlocks: second weight \(weight2.shape) does not follow the first \(weight1.shape)")
        let (inWidth, hidden, outWidth) = (weight1.shape[1], weight1.shape[0], weight2.shape[0])
        if let bias2 { precondition(bias2.shape == [outWidth], "linear: bias \(bias2.shape) must be [\(outWidth)]") }
        let rows = hiddenShapes.rows
        var outShape = shape
        outShape[outShape.count - 1] = outWidth
        let block = Swift.max(blockRows, Tensor.minimumBlockRows)
        // Block starts: every `block` rows, without a last block shorter than the minimum.
        var starts = Array(stride(from: 0, to: rows, by: block))
        if starts.count > 1 && rows - starts.last! < Tensor.minimumBlockRows { starts.removeLast() }
        let widest = starts.isEmpty ? 0 : (starts.count == 1 ? rows : Swift.max(block, rows - starts.last!))
        var buffer = [Float](unsafeUninitializedCapacity: widest * hidden) { _, n in n = widest * hidden }
        let out = [Float](unsafeUninitializedCapacity: rows * outWidth) { po, n in
            data.withUnsafeBufferPointer { px in
                weight1.data.withUnsafeBufferPointer { w1 in
                    weight2.data.withUnsafeBufferPointer { w2 in
                        buffer.withUnsafeMutableBufferPointer { ph in
                            withOptionalPointer(bias1) { b1 in
                                withOptionalPointer(bias2) { b2 in
                                    for (i, start) in starts.enumerated() {
                                        let count = (i + 1 < starts.count ? starts[i + 1] : rows) - start
                                        Tensor.affine(px.baseAddress! + start * inWidth, rows: count, weight: w1.baseAddress!,
                                                      outFeatures: hidden, inFeatures: inWidth, bias: b1, into: ph.baseAddress!)
                                        synib_relu(ph.baseAddress!, count * hidden)
                                        Tensor.affine(ph.baseAddress!, rows: count, weight: w2.baseAddress!,
                                                      outFeatures: outWidth, inFeatures: hidden, bias: b2,
                                                      into: po.baseAddress! + start * outWidth)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            n = rows * outWidth
        }
        return Tensor(shape: outShape, data: out)
    }
}

extension Tensor {
    /// The fewest rows ``feedForwardInBlocks(weight1:bias1:weight2:bias2:blockRows:)`` puts in a block.
    public static let minimumBlockRows = 64
}

/// `body` with a pointer to the values of `t`, or nil.
private func withOptionalPointer<R>(_ t: Tensor?, _ body: (UnsafePointer<Float>?) -> R) -> R {
    guard let t else { return body(nil) }
    return t.data.withUnsafeBufferPointer { body($0.baseAddress!) }
}
