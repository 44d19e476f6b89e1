import Foundation

/// Point-wise non-linearities.
extension Tensor {
    /// max(0, x); the derivative at 0 is taken as 0 (as PyTorch).
    public func relu() -> Tensor {
        unary({ $0 > 0 ? $0 : 0 }, derivative: { x, _ in x > 0 ? 1 : 0 })
    }

    /// GELU, exact form x · Φ(x) with Φ the standard normal CDF (PyTorch's default).
    public func gelu() -> Tensor {
        unary({ x in 0.5 * x * (1 + erff(x * 0.70710678)) },
              derivative: { x, _ in
                  let cdf = 0.5 * (1 + erff(x * 0.70710678))
                  let pdf = expf(-0.5 * x * x) * 0.39894228
                  return cdf + x * pdf
              })
    }

    /// Hyperbolic tangent.
    public func tanh() -> Tensor {
        unary({ tanhf($0) }, derivative: { _, y in 1 - y * y })
    }

    /// Logistic sigmoid 1 / (1 + e^(−x)), computed without overflow for large |x|.
    public func sigmoid() -> Tensor {
        unary({ x in x >= 0 ? 1 / (1 + expf(-x)) : expf(x) / (1 + expf(x)) },
              derivative: { _, y in y * (1 - y) })
    }

    /// Natural exponential.
    public func exp() -> Tensor {
        unary({ expf($0) }, derivative: { _, y in y })
    }

    /// Natural logarithm.
    public func log() -> Tensor {
        unary({ logf($0) }, derivative: { x, _ in 1 / x })
    }
}
