import Foundation
import Testing
@testable import Tensors

/// Validity flags [B, T] with the given number of valid steps per sequence, padded at the
/// front as MultiBench pads.
func frontPadded(_ lengths: [Int], steps: Int) -> [Float] {
    lengths.flatMap { n in (0..<steps).map { $0 >= steps - n ? Float(1) : 0 } }
}

@Suite("Sequence ops: attention, heads, pooling, Transformer")
struct SequenceTests {
    @Test func headsSplitAndMergeAreInverse() {
        let x = param([2, 3, 6], seed: 40)
        let split = x.splitHeads(3)
        #expect(split.shape == [6, 3, 2])
        // Head h of example b, step s holds features h·d ..< (h+1)·d.
        let splitIndex = ((1 * 3 + 2) * 3 + 1) * 2 + 1  // b = 1, h = 2, s = 1, j = 1
        let inputIndex = (1 * 3 + 1) * 6 + 2 * 2 + 1
        #expect(split.data[splitIndex] == x.data[inputIndex])
        #expect(split.mergeHeads(3).data == x.data)
        checkGradients([x]) { x.splitHeads(3) }
        checkGradients([x]) { x.splitHeads(2).mergeHeads(2) }
    }

    @Test func poolingGradients() {
        let x = param([3, 4, 2], seed: 41)
        let valid = frontPadded([4, 2, 1], steps: 4)
        checkGradients([x]) { x.maskedMeanPool(valid: valid) }
        checkGradients([x]) { x.lastValidPool(valid: valid) }
    }

    @Test func poolingIgnoresPadding() {
        let x = Tensor(shape: [1, 3, 1], data: [100, 2, 4])  // step 0 is padding
        let valid = frontPadded([2], steps: 3)
        #expect(x.maskedMeanPool(valid: valid).data == [3])
        #expect(x.lastValidPool(valid: valid).data == [4])
        let y = Tensor(shape: [1, 3, 1], data: [1, 2, 3], requiresGrad: true)
        y.maskedMeanPool(valid: valid).sum().backward()
        #expect(y.grad! == [0, 0.5, 0.5])
        #expect(Tensor.zeros([1, 3, 1]).maskedMeanPool(valid: [0, 0, 0]).data == [0])
    }

    @Test func attentionGradientsWithPadding() {
        let q = param([2, 4, 3], seed: 42), k = param([2, 4, 3], seed: 43), v = param([2, 4, 3], seed: 44)
        let valid = frontPadded([4, 2], steps: 4)
        checkGradients([q, k, v]) {
            Tensor.scaledDotProductAttention(query: q, key: k, value: v, validKeys: valid).output
        }
    }

    @Test func maskedSoftmaxGradientAndValues() {
        let x = param([2, 3, 4], seed: 55, low: -2, high: 2)
        let valid: [Float] = [1, 1, 0, 1, 0, 0, 1, 1]
        checkGradients([x]) { x.maskedSoftmax(scale: 0.7, validColumns: valid) }
        let y = x.maskedSoftmax(scale: 0.7, validColumns: valid).data
        // Row 0 of batch 0 equals a plain softmax over its valid columns 0, 1, 3.
        let kept = [0, 1, 3].map { Foundation.exp(0.7 * Double(x.data[$0])) }
        let z = kept.reduce(0, +)
        #expect(abs(Double(y[0]) - kept[0] / z) < 1e-6 && y[2] == 0 && abs(Double(y[3]) - kept[2] / z) < 1e-6)
        #expect(Tensor.zeros([1, 1, 2]).maskedSoftmax(scale: 1, validColumns: [0, 0]).data == [0, 0])
    }

    @Test func paddedKeysGetZeroWeightAndZeroGradient() {
        let q = param([1, 4, 3], seed: 45), k = param([1, 4, 3], seed: 46), v = param([1, 4, 3], seed: 47)
        let valid = frontPadded([2], steps: 4)  // steps 0 and 1 are padding
        let (out, weights) = Tensor.scaledDotProductAttention(query: q, key: k, value: v, validKeys: valid)
        for r in 0..<4 {
            #expect(weights.data[r * 4 + 0] == 0 && weights.data[r * 4 + 1] == 0)
            #expect(abs(weights.data[r * 4 + 2] + weights.data[r * 4 + 3] - 1) < 1e-6)
        }
        out.sum().backward()
        for s in 0..<2 { for j in 0..<3 { #expect(k.grad![s * 3 + j] == 0 && v.grad![s * 3 + j] == 0) } }
        #expect(k.grad![6...].contains { $0 != 0 })
    }

    @Test func attentionMatchesANaiveLoop() {
        let q = param([1, 3, 2], seed: 48), k = param([1, 3, 2], seed: 49), v = param([1, 3, 2], seed: 50)
        let out = Tensor.scaledDotProductAttention(query: q, key: k, value: v, validKeys: [1, 1, 1]).output
        let (qd, kd, vd) = (q.data.map(Double.init), k.data.map(Double.init), v.data.map(Double.init))
        for i in 0..<3 {
            var scores: [Double] = []
            for j in 0..<3 {
                let dot: Double = qd[i * 2] * kd[j * 2] + qd[i * 2 + 1] * kd[j * 2 + 1]
                scores.append(dot / 2.0.squareRoot())
            }
            let z: Double = scores.map { Foundation.exp($0) }.reduce(0, +)
            for c in 0..<2 {
                var expected: Double = 0
                for j in 0..<3 { expected += Foundation.exp(scores[j]) / z * vd[j * 2 + c] }
                #expect(abs(Double(out.data[i * 2 + c]) - expected) < 1e-5)
            }
        }
    }

    @Test(arguments: [false, true])
    func transformerLayerGradients(normFirst: Bool) {
        var rng = RandomStream(seed: 51)
        let layer = TransformerEncoderLayer(width: 4, heads: 2, feedForward: 6, dropout: 0, normFirst: normFirst, rng: &rng)
        let x = param([2, 3, 4], seed: 52)
        let valid = frontPadded([3, 2], steps: 3)
        var unused = RandomStream(seed: 0)
        checkGradients([x] + layer.parameters.tensors) {
            layer(x, valid: valid, training: false, rng: &unused).lastValidPool(valid: valid)
        }
    }

    @Test func paddingStepsReceiveNoGradientThroughTheEncoder() {
        var rng = RandomStream(seed: 53)
        let encoder = TransformerEncoder(inputWidth: 3, width: 4, layerCount: 2, heads: 2, feedForward: 8, dropout: 0,
                                         pooling: .mean, rng: &rng)
        let x = param([2, 5, 3], seed: 54)
        let valid = frontPadded([5, 3], steps: 5)
        var unused = RandomStream(seed: 0)
        encoder(x, valid: valid, training: false, rng: &unused).sum().backward()
        // Sequence 1's padded steps 0 and 1 influence nothing.
        for s in 0..<2 { for j in 0..<3 { #expect(x.grad![(5 + s) * 3 + j] == 0) } }
        #expect(x.grad![21...].contains { $0 != 0 })  // sequence 1's valid steps (from step 2)
    }

    @Test func sinusoidalTable() {
        let table = PositionalEncoding.sinusoidal(steps: 3, width: 4)
        #expect(table[0..<4] == [0, 1, 0, 1])
        #expect(abs(table[4] - Float(Foundation.sin(1.0))) < 1e-6)
        #expect(abs(table[4 + 3] - Float(Foundation.cos(1.0 / 100))) < 1e-6)
    }
}
