import Foundation
import Testing
@testable import Tensors

/// Three update steps of each optimiser against the textbook formulas evaluated by hand in
/// double precision, with the gradient set explicitly before every step.
@Suite("Optimisers match PyTorch's update rules")
struct OptimizerTests {
    let start: [Double] = [0.5, -1.25, 2.0]
    let gradients: [[Double]] = [[0.1, -0.2, 0.3], [-0.4, 0.05, 0.2], [0.25, 0.25, -0.6]]

    func run(_ make: (ParameterSet) -> any Optimizer) -> [Float] {
        let p = Tensor(shape: [3], data: start.map(Float.init), requiresGrad: true)
        var opt = make(ParameterSet([("p", p)]))
        for g in gradients {
            p.grad = g.map(Float.init)
            opt.step()
        }
        return p.data
    }

    func expectClose(_ got: [Float], _ want: [Double]) {
        for (g, w) in zip(got, want) { #expect(abs(Double(g) - w) < 1e-6, "got \(g), want \(w)") }
    }

    @Test func sgdWithMomentumAndWeightDecay() {
        let (lr, mu, wd) = (0.1, 0.9, 0.01)
        var p = start, buf: [Double]? = nil
        for g0 in gradients {
            let g = zip(g0, p).map { $0 + wd * $1 }
            buf = buf.map { zip($0, g).map { mu * $0 + $1 } } ?? g
            p = zip(p, buf!).map { $0 - lr * $1 }
        }
        expectClose(run { SGD($0, learningRate: Float(lr), momentum: Float(mu), weightDecay: Float(wd)) }, p)
    }

    func adamReference(lr: Double, wd: Double, decoupled: Bool) -> [Double] {
        let (b1, b2, eps) = (0.9, 0.999, 1e-8)
        var p = start, m = [0.0, 0, 0], v = [0.0, 0, 0]
        for (t, g0) in gradients.enumerated() {
            let step = Double(t + 1)
            if decoupled { p = p.map { $0 * (1 - lr * wd) } }
            let g = decoupled ? g0 : zip(g0, p).map { $0 + wd * $1 }
            m = zip(m, g).map { b1 * $0 + (1 - b1) * $1 }
            v = zip(v, g).map { b2 * $0 + (1 - b2) * $1 * $1 }
            for i in 0..<3 {
                let mHat = m[i] / (1 - pow(b1, step)), vHat = v[i] / (1 - pow(b2, step))
                p[i] -= lr * mHat / (vHat.squareRoot() + eps)
            }
        }
        return p
    }

    @Test func adamAddsWeightDecayToTheGradient() {
        expectClose(run { Adam($0, learningRate: 0.01, weightDecay: 0.1) },
                    adamReference(lr: 0.01, wd: 0.1, decoupled: false))
    }

    @Test func adamWDecouplesWeightDecay() {
        expectClose(run { AdamW($0, learningRate: 0.01, weightDecay: 0.1) },
                    adamReference(lr: 0.01, wd: 0.1, decoupled: true))
        // With decay the two rules must differ.
        let adam = run { Adam($0, learningRate: 0.01, weightDecay: 0.1) }
        let adamw = run { AdamW($0, learningRate: 0.01, weightDecay: 0.1) }
        #expect(adam != adamw)
    }

    /// The vectorised kernel (4 lanes, then a scalar tail) against a plain Float loop with the
    /// same operations in the same order: bit-identical, on a length that is not a multiple of 4.
    @Test func adamKernelMatchesAScalarLoopBitForBit() {
        var rng = RandomStream(seed: 7)
        let n = 4 * 10 + 3
        var p = (0..<n).map { _ in rng.normal(mean: 0, std: 1) }
        var m = (0..<n).map { _ in rng.normal(mean: 0, std: 0.1) }
        var v = (0..<n).map { _ in abs(rng.normal(mean: 0, std: 0.1)) }
        let g = (0..<n).map { _ in rng.normal(mean: 0, std: 1) }
        let (b1, b2, stepSize, bc2Root, eps, l2, decay): (Float, Float, Float, Float, Float, Float, Float) =
            (0.9, 0.999, 0.003, 0.07, 1e-8, 0.01, 0.9995)
        var (pWant, mWant, vWant) = (p, m, v)
        for i in 0..<n {
            pWant[i] *= decay
            let gi = g[i] + l2 * pWant[i]
            mWant[i] = b1 * mWant[i] + (1 - b1) * gi
            vWant[i] = b2 * vWant[i] + (1 - b2) * gi * gi
            pWant[i] -= stepSize * mWant[i] / (vWant[i].squareRoot() / bc2Root + eps)
        }
        g.withUnsafeBufferPointer { g in
            p.withUnsafeMutableBufferPointer { p in
                m.withUnsafeMutableBufferPointer { m in
                    v.withUnsafeMutableBufferPointer { v in
                        AdamMoments.update(p, g, m, v, b1: b1, b2: b2, stepSize: stepSize, bc2Root: bc2Root,
                                           epsilon: eps, l2: l2, decay: decay)
                    }
                }
            }
        }
        #expect(p == pWant)
        #expect(m == mWant)
        #expect(v == vWant)
        #expect(p != g)  // the update really ran
    }

    @Test func globalNormClipping() {
        let a = Tensor(shape: [2], data: [0, 0], requiresGrad: true)
        let b = Tensor(shape: [1], data: [0], requiresGrad: true)
        a.grad = [3, 0]; b.grad = [4]
        let params = ParameterSet([("a", a), ("b", b)])
        let norm = clipGradientNorm(params, maxNorm: 1)
        #expect(abs(norm - 5) < 1e-6)
        let coefficient = Float(1 / (5 + 1e-6))
        #expect(abs(a.grad![0] - 3 * coefficient) < 1e-6 && abs(b.grad![0] - 4 * coefficient) < 1e-6)
        // Below the threshold nothing changes.
        a.grad = [0.3, 0]; b.grad = [0.4]
        clipGradientNorm(params, maxNorm: 1)
        #expect(a.grad! == [0.3, 0] && b.grad! == [0.4])
    }
}
