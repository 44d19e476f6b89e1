import Testing
@testable import Tensors

/// Compares every analytic gradient of `f` with respect to `inputs` against central finite
/// differences of the same Float32 function.
///
/// Tolerance: with step h = 1e-2 the truncation error is O(h²·f''') ≈ 1e-4 for the smooth
/// functions tested, and Float32 round-off in f (≈ 1e-7·|f| ≈ 1e-6) divided by 2h adds
/// ≈ 5e-5; we accept |analytic − numeric| ≤ 1e-3 + 5e-3·|numeric|, well above both and far
/// below the size of any real gradient bug (wrong sign, missing term, wrong index).
/// Reducing outputs with random weights makes every output coordinate matter.
func checkGradients(_ inputs: [Tensor], step h: Float = 1e-2,
                    sourceLocation: SourceLocation = #_sourceLocation,
                    _ f: () -> Tensor) {
    let out0 = f()
    var rng = RandomStream(seed: 99)
    let weights = Tensor(shape: out0.shape, data: (0..<out0.count).map { _ in rng.uniform(0.5, 1.5) })
    func objective() -> Tensor { (f() * weights).sum() }
    for t in inputs { t.grad = nil }
    objective().backward()
    for (k, t) in inputs.enumerated() {
        let analytic = t.grad ?? [Float](repeating: 0, count: t.count)
        for i in 0..<t.count {
            let saved = t.data[i]
            t.data[i] = saved + h
            let plus = objective().item
            t.data[i] = saved - h
            let minus = objective().item
            t.data[i] = saved
            let numeric = (plus - minus) / (2 * h)
            #expect(abs(analytic[i] - numeric) <= 1e-3 + 5e-3 * abs(numeric),
                    "input \(k) element \(i): analytic \(analytic[i]) vs numeric \(numeric)",
                    sourceLocation: sourceLocation)
        }
    }
}

/// A leaf tensor with gradient tracking and values drawn from U(low, high).
func param(_ shape: [Int], seed: UInt64, low: Float = -1, high: Float = 1) -> Tensor {
    var rng = RandomStream(seed: seed)
    return Tensor(shape: shape, data: (0..<shape.product).map { _ in rng.uniform(low, high) }, requiresGrad: true)
}

/// Values bounded away from 0 (for the kink of ReLU and for division).
func awayFromZero(_ shape: [Int], seed: UInt64) -> Tensor {
    var rng = RandomStream(seed: seed)
    return Tensor(shape: shape, data: (0..<shape.product).map { _ in
        let v = rng.uniform(0.2, 1.2)
        return rng.bernoulli(0.5) ? v : -v
    }, requiresGrad: true)
}
