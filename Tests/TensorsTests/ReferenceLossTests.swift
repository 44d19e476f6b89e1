import Foundation
import Testing
@testable import Tensors

@Suite("KL losses of SynIB's Gaussian and masked-anchor references")
struct ReferenceLossTests {
    /// KL(N(μ, σ²) ‖ N(0, 1)) of one coordinate by numerical integration of q log(q/p).
    private func integratedKL(mu: Double, logVariance v: Double) -> Double {
        let sigma = Foundation.exp(v / 2)
        func logq(_ x: Double) -> Double { -0.5 * Foundation.log(2 * .pi) - v / 2 - (x - mu) * (x - mu) / (2 * sigma * sigma) }
        func logp(_ x: Double) -> Double { -0.5 * Foundation.log(2 * .pi) - x * x / 2 }
        let lo = mu - 14 * sigma, hi = mu + 14 * sigma, n = 200_000
        let dx = (hi - lo) / Double(n)
        var total = 0.0
        for k in 0...n {
            let x = lo + Double(k) * dx
            let f = Foundation.exp(logq(x)) * (logq(x) - logp(x))
            total += (k == 0 || k == n ? 0.5 : 1) * f
        }
        return total * dx
    }

    @Test func gaussianKLMatchesNumericalIntegration() {
        let mean = param([3, 4], seed: 51, low: -2, high: 2)
        let logVariance = param([3, 4], seed: 52, low: -1.5, high: 1.5)
        let kl = Loss.gaussianKLToStandardNormal(mean: mean, logVariance: logVariance).item
        var expected = 0.0
        for k in 0..<12 { expected += integratedKL(mu: Double(mean.data[k]), logVariance: Double(logVariance.data[k])) }
        expected /= 3  // summed over the classes, averaged over the rows
        #expect(abs(Double(kl) - expected) <= 1e-4 * max(1, abs(expected)), "\(kl) vs \(expected)")
        // Non-trivial, and zero exactly at the reference.
        #expect(kl > 0.5)
        let zero = Tensor(shape: [2, 3], data: [Float](repeating: 0, count: 6))
        #expect(Loss.gaussianKLToStandardNormal(mean: zero, logVariance: zero).item == 0)
    }

    @Test func gaussianKLGradientsMatchFiniteDifferences() {
        let mean = param([4, 3], seed: 53, low: -2, high: 2)
        let logVariance = param([4, 3], seed: 54, low: -1, high: 1)
        checkGradients([mean, logVariance]) { Loss.gaussianKLToStandardNormal(mean: mean, logVariance: logVariance) }
    }

    @Test func klFromReferenceMatchesANaiveLoop() {
        let logits = param([4, 3], seed: 55, low: -2, high: 2)
        let r: [Float] = [0.2, 0.5, 0.3, 1, 0, 0, 0.1, 0.1, 0.8, 0.6, 0.4, 0]
        let kl = Loss.klDivergenceFromReference(logits, reference: .perRow(r)).item
        var expected = 0.0, forward = 0.0
        for i in 0..<4 {
            let row = (0..<3).map { Double(logits.data[i * 3 + $0]) }
            let z = row.map { Foundation.exp($0) }.reduce(0, +)
            let q = row.map { Foundation.exp($0) / z }
            for j in 0..<3 where r[i * 3 + j] > 0 {
                let rj = Double(r[i * 3 + j])
                expected += rj * Foundation.log(rj / q[j])
            }
            for j in 0..<3 { forward += q[j] * Foundation.log(q[j] / max(Double(r[i * 3 + j]), 1e-300)) }
        }
        expected /= 4
        #expect(abs(Double(kl) - expected) < 1e-5, "\(kl) vs \(expected)")
        // The direction matters: KL(q ‖ r) is a different number.
        #expect(abs(Double(Loss.klDivergence(logits, reference: .perRow(r.map { max($0, 1e-6) })).item) - expected) > 0.1)
        #expect(abs(forward / 4 - expected) > 0.1)
        let shared = Loss.klDivergenceFromReference(logits, reference: .shared([0.2, 0.5, 0.3])).item
        let repeated = Loss.klDivergenceFromReference(logits, reference: .perRow((0..<4).flatMap { _ in [Float(0.2), 0.5, 0.3] })).item
        #expect(shared == repeated)
    }

    @Test func klFromReferenceGradientsMatchFiniteDifferences() {
        let logits = param([4, 3], seed: 56, low: -2, high: 2)
        checkGradients([logits]) { Loss.klDivergenceFromReference(logits, reference: .shared([0.2, 0.5, 0.3])) }
        checkGradients([logits]) {
            Loss.klDivergenceFromReference(logits, reference: .perRow([0.2, 0.5, 0.3, 1, 0, 0, 0.1, 0.1, 0.8, 0.6, 0.4, 0]))
        }
    }
}
