/// Inverted dropout.
extension Tensor {
    /// Zeroes each element with probability `p` and scales the survivors by 1/(1 − p), so the
    /// expectation is unchanged; the same mask scales the gradient. `p = 0` returns `self`.
    public func dropout(p: Float, rng: inout RandomStream) -> Tensor {
        precondition(p >= 0 && p < 1, "dropout: p must be in [0, 1), got \(p)")
        if p == 0 { return self }
        let scale = 1 / (1 - p)
        var keep = [Float](repeating: 0, count: count)
        for i in 0..<count where rng.uniform() >= p { keep[i] = scale }
        return self * Tensor(shape: shape, data: keep)
    }
}
