import Foundation

/// Softmax and log-softmax over the last axis, stabilised by subtracting the row maximum.
extension Tensor {
    /// softmax(x)_j = exp(x_j − max x) / Σ_k exp(x_k − max x), row by row over the last axis.
    /// Gradient: dx_j = y_j (g_j − Σ_k g_k y_k).
    public func softmax() -> Tensor {
        let columns = shape.last ?? 1
        let out = Tensor.rowSoftmax(data, columns: columns)
        let x = self
        return Tensor(shape: shape, data: out, parents: [x]) { outT in
            let g = outT.grad!, y = outT.data
            x.accumulateGrad { gx in
                for r in 0..<(y.count / max(columns, 1)) {
                    let base = r * columns
                    var dot: Float = 0
                    for j in 0..<columns { dot += g[base + j] * y[base + j] }
                    for j in 0..<columns { gx[base + j] += y[base + j] * (g[base + j] - dot) }
                }
            }
        }
    }

    /// log softmax(x) = x − max − log Σ exp(x − max), row by row over the last axis.
    /// Gradient: dx_j = g_j − softmax_j · Σ_k g_k.
    public func logSoftmax() -> Tensor {
        let columns = shape.last ?? 1
        let out = Tensor.rowLogSoftmax(data, columns: columns)
        let x = self
        return Tensor(shape: shape, data: out, parents: [x]) { outT in
            let g = outT.grad!, y = outT.data
            x.accumulateGrad { gx in
                for r in 0..<(y.count / max(columns, 1)) {
                    let base = r * columns
                    var total: Float = 0
                    for j in 0..<columns { total += g[base + j] }
                    for j in 0..<columns { gx[base + j] += g[base + j] - expf(y[base + j]) * total }
                }
            }
        }
    }

    /// Row-wise softmax of a flat buffer (no graph); used by ops and losses.
    static func rowSoftmax(_ x: [Float], columns: Int) -> [Float] {
        guard columns > 0 else { return x }
        var out = [Float](repeating: 0, count: x.count)
        for r in 0..<(x.count / columns) {
            let base = r * columns
            var m = -Float.infinity
            for j in 0..<columns { m = max(m, x[base + j]) }
            var s: Float = 0
            for j in 0..<columns { out[base + j] = expf(x[base + j] - m); s += out[base + j] }
            for j in 0..<columns { out[base + j] /= s }
        }
        return out
    }

    /// Row-wise log-softmax of a flat buffer (no graph).
    static func rowLogSoftmax(_ x: [Float], columns: Int) -> [Float] {
        guard columns > 0 else { return x }
        var out = [Float](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { px in
            out.withUnsafeMutableBufferPointer { rowLogSoftmax(px, columns: columns, into: $0) }
        }
        return out
    }

    /// Row-wise log-softmax of `x` written into `out` (same count), allocating nothing.
    static func rowLogSoftmax(_ x: UnsafeBufferPointer<Float>, columns: Int, into out: UnsafeMutableBufferPointer<Float>) {
        guard columns > 0 else { return }
        for r in 0..<(x.count / columns) {
            let base = r * columns
            var m = -Float.infinity
            for j in 0..<columns { m = max(m, x[base + j]) }
            var s: Float = 0
            for j in 0..<columns { s += expf(x[base + j] - m) }
            let logS = logf(s)  // (x − m) − log s keeps precision when |x| is large
            for j in 0..<columns { out[base + j] = (x[base + j] - m) - logS }
        }
    }
}
