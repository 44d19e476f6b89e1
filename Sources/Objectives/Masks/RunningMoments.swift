import Tensors

/// Exponential moving averages of the per-coordinate mean and variance of a latent, the noise
/// source of learned masks (as BatchNorm's running statistics, momentum 0.1).
public struct RunningMoments: Sendable {
    /// Per-coordinate mean.
    public private(set) var mean: [Float]
    /// Per-coordinate (biased) variance.
    public private(set) var variance: [Float]
    /// Weight of the newest batch.
    public let momentum: Float

    /// Starts at mean 0, variance 1.
    public init(width: Int, momentum: Float = 0.1) {
        mean = [Float](repeating: 0, count: width)
        variance = [Float](repeating: 1, count: width)
        self.momentum = momentum
    }

    /// Batches folded in so far.
    public private(set) var updates = 0

    /// Folds in a batch of latents [N, width] with weight `momentum` (default: ``momentum``).
    /// With a momentum other than the default, the first batch sets the moments outright (the
    /// authors' EMA).
    public mutating func update(with z: Tensor, momentum given: Float? = nil) {
        let (n, d) = (z.shape[0], z.shape[1])
        guard n > 0 else { return }
        let momentum = given.map { updates == 0 && $0 != self.momentum ? 1 : $0 } ?? self.momentum
        updates += 1
        for j in 0..<d {
            var m: Float = 0
            for i in 0..<n { m += z.data[i * d + j] }
            m /= Float(n)
            var v: Float = 0
            for i in 0..<n { let c = z.data[i * d + j] - m; v += c * c }
            v /= Float(n)
            mean[j] = (1 - momentum) * mean[j] + momentum * m
            variance[j] = (1 - momentum) * variance[j] + momentum * v
        }
    }

    /// Noise ε ~ N(mean, variance) per coordinate, [n, width].
    public func sample(rows n: Int, rng: inout RandomStream) -> Tensor {
        let d = mean.count
        var data = [Float](repeating: 0, count: n * d)
        for i in 0..<n { for j in 0..<d { data[i * d + j] = rng.normal(mean: mean[j], std: variance[j].squareRoot()) } }
        return Tensor(shape: [n, d], data: data)
    }
}
