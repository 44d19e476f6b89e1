import CKernels

/// A linear layer, its ReLU and the dropout after it as one op (a Transformer's feed-forward
/// hidden layer, the widest tensor of the model).
extension Tensor {
    /// `relu(self · weightᵀ + bias).dropout(p: p, rng: &rng)` with the same values, gradients and
    /// draws (one per element, in order, after nothing else), computed as one op: the ReLU, the
    /// mask draws and the scaling are a single pass over the GEMM's output, the mask is kept as
    /// one byte per element (clipped, dropped or kept) instead of a float, and neither the
    /// ReLU's output nor its gradient is a tensor of its own. Other activations, `p = 0` and
    /// empty inputs take the unfused ops. Runs eagerly only (a ``CapturedStep`` cannot replay
    /// fresh dropout masks).
    public func linear(weight: Tensor, bias: Tensor?, activation: Activation, dropout p: Float,
                       rng: inout RandomStream) -> Tensor {
        precondition(p >= 0 && p < 1, "dropout: p must be in [0, 1), got \(p)")
        guard activation == .relu, p > 0 else {
            return linear(weight: weight, bias: bias, activation: activation).dropout(p: p, rng: &rng)
        }
        let shapes = linearShapes(weight: weight, bias: bias)
        let n = shapes.out.product
        guard n > 0 else { return linear(weight: weight, bias: bias, activation: activation) }
        let scale = 1 / (1 - p)
        let input = self
        var codes = [UInt8](unsafeUninitializedCapacity: n) { _, initialized in initialized = n }
        let out = [Float](unsafeUninitializedCapacity: n) { po, initialized in
            Tensor.affine(input, weight: weight, bias: bias, rows: shapes.rows, into: po)
            codes.withUnsafeMutableBufferPointer { pc in
                rng.withStateWords { state in synib_relu_dropout(po.baseAddress!, pc.baseAddress!, n, state, p, scale) }
            }
            initialized = n
        }
        return Tensor(shape: shapes.out, data: out, parents: [input, weight] + (bias.map { [$0] } ?? [])) { outT in
            // In place (this node's gradient is not read again once pushed to its parents), with
            // the bias gradient's column sums in the same pass.
            let outFeatures = weight.shape[0]
            outT.grad!.withUnsafeMutableBufferPointer { g in
                codes.withUnsafeBufferPointer { pc in
                    if let bias, bias.requiresGrad {
                        bias.accumulateGrad { gb in
                            synib_relu_dropout_backward(g.baseAddress!, pc.baseAddress!, shapes.rows, outFeatures, scale,
                                                        gb.baseAddress!)
                        }
                    } else {
                        synib_relu_dropout_backward(g.baseAddress!, pc.baseAddress!, shapes.rows, outFeatures, scale, nil)
                    }
                }
            }
            outT.grad!.withUnsafeBufferPointer { pg in
                Tensor.affineBackward(pg.baseAddress!, input, weight: weight, bias: bias, rows: shapes.rows,
                                      biasDone: true)
            }
        }
    }
}
