/// Dropout as a layer: active only in training mode.
public struct Dropout: Sendable {
    /// The probability of zeroing an element.
    public let p: Float

    /// A dropout layer with drop probability `p` in [0, 1).
    public init(_ p: Float) {
        precondition(p >= 0 && p < 1, "Dropout: p must be in [0, 1), got \(p)")
        self.p = p
    }

    /// Drops elements when `training`, otherwise returns `x` unchanged.
    public func callAsFunction(_ x: Tensor, training: Bool, rng: inout RandomStream) -> Tensor {
        training && p > 0 ? x.dropout(p: p, rng: &rng) : x
    }
}
