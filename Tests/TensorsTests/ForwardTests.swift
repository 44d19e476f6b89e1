import Foundation
import Testing
@testable import Tensors

@Suite("Forward values against naive loops and closed forms")
struct ForwardTests {
    @Test func matmulMatchesNaiveLoop() {
        let a = param([5, 7], seed: 1), b = param([7, 3], seed: 2)
        let c = a.matmul(b)
        for i in 0..<5 {
            for j in 0..<3 {
                var s: Double = 0
                for k in 0..<7 { s += Double(a.data[i * 7 + k]) * Double(b.data[k * 3 + j]) }
                #expect(abs(Double(c.data[i * 3 + j]) - s) < 1e-5)
            }
        }
        let ct = b.matmul(a, transposeSelf: true, transposeOther: true)  // (AB)ᵀ = BᵀAᵀ
        for i in 0..<5 { for j in 0..<3 { #expect(abs(ct.data[j * 5 + i] - c.data[i * 3 + j]) < 1e-5) } }
    }

    @Test func linearEqualsMatmulPlusBias() {
        let x = param([4, 6], seed: 3), w = param([5, 6], seed: 4), b = param([5], seed: 5)
        let fused = x.linear(weight: w, bias: b)
        let plain = x.matmul(w, transposeOther: true) + b
        for i in 0..<fused.count { #expect(abs(fused.data[i] - plain.data[i]) < 1e-6) }
    }

    @Test func crossEntropyOfUniformLogitsIsLogC() {
        for c in [2, 3, 10] {
            let logits = Tensor.full([4, c], 0.7)
            #expect(abs(Loss.crossEntropy(logits, targets: [0, 1, 0, c - 1]).item - logf(Float(c))) < 1e-6)
        }
    }

    @Test func klToUniformIsLogCMinusEntropy() {
        let logits = param([6, 5], seed: 6, low: -3, high: 3)
        let kl = Loss.klDivergence(logits, reference: .uniform(classes: 5)).item
        let h = Loss.entropy(logits).item
        #expect(abs(kl - (logf(5) - h)) < 1e-5)
        // Entropy by a naive loop in double precision.
        var naive: Double = 0
        for i in 0..<6 {
            let row = (0..<5).map { Double(logits.data[i * 5 + $0]) }
            let z = row.map { Foundation.exp($0) }.reduce(0, +)
            for v in row { let q = Foundation.exp(v) / z; naive -= q * Foundation.log(q) }
        }
        #expect(abs(Double(h) - naive / 6) < 1e-5)
    }

    @Test func softmaxIsStableForLargeLogits() {
        let x = Tensor(shape: [1, 3], data: [1000, 1001, 999])
        let s = x.softmax().data
        #expect(s.allSatisfy { $0.isFinite })
        #expect(abs(s.reduce(0, +) - 1) < 1e-6)
        #expect(x.logSoftmax().data.allSatisfy { $0.isFinite })
    }

    @Test func binaryCrossEntropyMatchesClosedForm() {
        let l = Tensor(shape: [3], data: [0.3, -2, 15])
        let t: [Float] = [1, 0, 1]
        var expected: Double = 0
        for i in 0..<3 {
            let p = 1 / (1 + Foundation.exp(-Double(l.data[i])))
            expected -= Double(t[i]) * Foundation.log(p) + (1 - Double(t[i])) * Foundation.log(1 - p)
        }
        #expect(abs(Double(Loss.binaryCrossEntropyWithLogits(l, targets: t).item) - expected / 3) < 1e-5)
    }

    @Test func layerNormRowsHaveZeroMeanUnitVariance() {
        let x = param([3, 8], seed: 7, low: -5, high: 5)
        let y = x.layerNorm(gamma: Tensor.full([8], 1), beta: Tensor.zeros([8]), epsilon: 0)
        for r in 0..<3 {
            let row = y.data[(r * 8)..<(r * 8 + 8)]
            let mean = row.reduce(0, +) / 8
            let variance = row.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 8
            #expect(abs(mean) < 1e-5 && abs(variance - 1) < 1e-4)
        }
    }

    @Test func dropoutZeroesAboutPAndScalesTheRest() {
        var rng = RandomStream(seed: 8)
        let x = Tensor.full([100, 100], 1)
        let y = x.dropout(p: 0.25, rng: &rng)
        let zeros = y.data.filter { $0 == 0 }.count
        #expect(abs(Double(zeros) / 10_000 - 0.25) < 0.02)
        #expect(y.data.filter { $0 != 0 }.allSatisfy { abs($0 - 1 / 0.75) < 1e-6 })
    }

    @Test func replaceChangesExactlyTheMaskedCoordinates() {
        let x = param([4, 5], seed: 9)
        let fill = Tensor.full([4, 5], 42)
        var rng = RandomStream(seed: 10)
        let mask = Tensor(shape: [4, 5], data: (0..<20).map { _ in rng.bernoulli(0.4) ? 1 : 0 })
        let y = x.replacing(where: mask, with: fill)
        for i in 0..<20 {
            if mask.data[i] == 1 { #expect(y.data[i] == 42) } else { #expect(y.data[i] == x.data[i]) }
        }
    }

    @Test func shapeOpsMoveTheRightValues() {
        let x = Tensor(shape: [2, 3], data: [1, 2, 3, 4, 5, 6])
        #expect(x.transposed().data == [1, 4, 2, 5, 3, 6])
        #expect(x.gatherRows([1, 1, 0]).data == [4, 5, 6, 4, 5, 6, 1, 2, 3])
        let parts = x.split(widths: [2, 1])
        #expect(parts[0].data == [1, 2, 4, 5] && parts[1].data == [3, 6])
        #expect(Tensor.concat(parts).data == x.data)
        let stacked = Tensor.stackRows([x, x.gatherRows([1])])
        #expect(stacked.shape == [3, 3] && stacked.data == [1, 2, 3, 4, 5, 6, 4, 5, 6])
        #expect(stacked.rows(1..<3).data == [4, 5, 6, 4, 5, 6] && stacked.rows(1..<3).shape == [2, 3])
        #expect(x.sum(axis: 0).data == [5, 7, 9])
        #expect(x.sum(axis: 1).data == [6, 15])
        #expect(x.mean().item == 3.5)
    }

    @Test func linearInitialisationIsWithinPyTorchBounds() {
        var rng = RandomStream(seed: 11)
        let layer = Linear(64, 32, rng: &rng)
        let bound: Float = 1 / 8
        #expect(layer.weight.data.allSatisfy { abs($0) <= bound })
        #expect(layer.bias!.data.allSatisfy { abs($0) <= bound })
        // Uniform on ±bound: the variance is bound²/3.
        let variance = layer.weight.data.map { $0 * $0 }.reduce(0, +) / Float(layer.weight.count)
        #expect(abs(variance - bound * bound / 3) < 0.1 * bound * bound / 3)
    }
}
