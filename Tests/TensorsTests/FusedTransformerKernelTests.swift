import CKernels
import Testing
@testable import Tensors

/// The fused kernels of the Transformer path against finite differences and against the
/// unfused composition they replace (the slow path), bit for bit.
@Suite("Fused Transformer kernels: attention, masked softmax, dropout, linear + ReLU + dropout, blocked feed-forward, frozen evaluation")
struct FusedTransformerKernelTests {
    /// The unfused attention: split the heads, attend per head, merge (the slow path).
    static func slowAttention(_ q: Tensor, _ k: Tensor, _ v: Tensor, heads: Int, valid: [Float]) -> Tensor {
        let (b, t) = (q.shape[0], q.shape[1])
        var keyFlags = [Float](repeating: 0, count: b * heads * t)
        for i in 0..<b { for h in 0..<heads { for s in 0..<t { keyFlags[(i * heads + h) * t + s] = valid[i * t + s] } } }
        return Tensor.scaledDotProductAttention(query: q.splitHeads(heads), key: k.splitHeads(heads),
                                                value: v.splitHeads(heads), validKeys: keyFlags).output.mergeHeads(heads)
    }

    @Test func fusedAttentionGradientsMatchFiniteDifferences() {
        let q = param([2, 4, 6], seed: 70), k = param([2, 4, 6], seed: 71), v = param([2, 4, 6], seed: 72)
        let valid = frontPadded([4, 2], steps: 4)
        checkGradients([q, k, v]) { Tensor.multiHeadSelfAttention(query: q, key: k, value: v, heads: 3, valid: valid) }
    }

    @Test func fusedAttentionEqualsTheSlowPathBitForBit() {
        // MultiBench-like: width 40, 5 heads of 8, front padding, and one example with no valid step.
        let (b, t, width, heads) = (3, 7, 40, 5)
        let valid = frontPadded([7, 3, 0], steps: t)
        var rng = RandomStream(seed: 73)
        let weights = Tensor.uniform([b, t, width], low: -1, high: 1, rng: &rng)
        func run(_ fused: Bool) -> (out: [Float], grads: [[Float]]) {
            let q = param([b, t, width], seed: 74, low: -2, high: 2), k = param([b, t, width], seed: 75, low: -2, high: 2)
            let v = param([b, t, width], seed: 76)
            let out = fused ? Tensor.multiHeadSelfAttention(query: q, key: k, value: v, heads: heads, valid: valid)
                : FusedTransformerKernelTests.slowAttention(q, k, v, heads: heads, valid: valid)
            (out * weights).sum().backward()
            return (out.data, [q.grad!, k.grad!, v.grad!])
        }
        let fused = run(true), slow = run(false)
        #expect(fused.out == slow.out)
        #expect(fused.grads == slow.grads)
        // Non-trivial: the output is not the values, and every input receives a gradient.
        let v = param([b, t, width], seed: 76)
        #expect(fused.out != v.data)
        #expect(fused.grads.allSatisfy { g in g.contains { $0 != 0 } })
        // The example without a valid key attends to nothing: zero output, zero gradient.
        let third = 2 * t * width..<3 * t * width
        #expect(fused.out[third].allSatisfy { $0 == 0 } && fused.grads[2][third].allSatisfy { $0 == 0 })
    }

    @Test func maskedSoftmaxKernelEqualsTheSwiftLoopBitForBit() {
        let x = param([2, 5, 6], seed: 77, low: -3, high: 3)
        let flags: [Float] = [1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0]  // example 1 has no valid column
        let reference = x.maskedSoftmax(scale: 0.35, validColumns: flags)
        let g = param([2, 5, 6], seed: 78).data
        reference.grad = g
        reference.backwardFn!(reference)
        var y = [Float](repeating: .nan, count: x.count), gx = [Float](repeating: .nan, count: x.count)
        for i in 0..<2 {
            let base = i * 30
            x.data.withUnsafeBufferPointer { px in
                y.withUnsafeMutableBufferPointer { py in
                    flags.withUnsafeBufferPointer { pf in
                        synib_masked_softmax_rows(px.baseAddress! + base, py.baseAddress! + base, 5, 6, pf.baseAddress! + i * 6, 0.35)
                    }
                }
            }
            g.withUnsafeBufferPointer { pg in
                y.withUnsafeBufferPointer { py in
                    gx.withUnsafeMutableBufferPointer { pgx in
                        synib_masked_softmax_rows_backward(pgx.baseAddress! + base, pg.baseAddress! + base, py.baseAddress! + base,
                                                           5, 6, 0.35, 1)
                    }
                }
            }
        }
        #expect(y == reference.data)
        #expect(gx == x.grad!)
        #expect(y[0] > 0 && y[1] == 0 && y[30..<60].allSatisfy { $0 == 0 })
    }

    @Test func fusedDropoutEqualsTheMaskProductBitForBit() {
        let x = param([64, 33], seed: 79)
        var fusedRNG = RandomStream(seed: 80), slowRNG = RandomStream(seed: 80)
        let fused = x.dropout(p: 0.3, rng: &fusedRNG)
        let scale: Float = 1 / (1 - 0.3)
        var keep = [Float](repeating: 0, count: x.count)
        for i in 0..<x.count where slowRNG.uniform() >= 0.3 { keep[i] = scale }
        let slow = x * Tensor(shape: x.shape, data: keep)
        #expect(fused.data == slow.data)
        let weights = param([64, 33], seed: 81).stopGradient()
        (fused * weights).sum().backward()
        let fusedGrad = x.grad!
        x.grad = nil
        (slow * weights).sum().backward()
        #expect(fusedGrad == x.grad!)
        // Both streams drew the same numbers; some elements were dropped, the others scaled.
        #expect(fusedRNG.next() == slowRNG.next())
        let dropped = fused.data.filter { $0 == 0 }.count
        #expect(dropped > x.count / 5 && dropped < x.count * 2 / 5)
        checkGradients([x]) {
            var rng = RandomStream(seed: 80)
            return x.dropout(p: 0.3, rng: &rng)
        }
    }

    @Test func fusedLinearReLUDropoutEqualsTheUnfusedOpsBitForBit() {
        // A feed-forward hidden layer: [B, T, in] → [B, T, out], half the pre-activations negative.
        func run(_ fused: Bool) -> (out: [Float], grads: [[Float]], next: UInt64) {
            let x = param([3, 5, 6], seed: 83, low: -2, high: 2)
            let w = param([17, 6], seed: 84), b = param([17], seed: 85)
            var rng = RandomStream(seed: 86)
            let out = fused ? x.linear(weight: w, bias: b, activation: .relu, dropout: 0.25, rng: &rng)
                : x.linear(weight: w, bias: b, activation: .relu).dropout(p: 0.25, rng: &rng)
            (out * param([3, 5, 17], seed: 87).stopGradient()).sum().backward()
            return (out.data, [x.grad!, w.grad!, b.grad!], rng.next())
        }
        let fused = run(true), slow = run(false)
        #expect(fused.out == slow.out)
        #expect(fused.grads == slow.grads)
        #expect(fused.next == slow.next)  // the same number of draws
        // Non-trivial: some outputs were clipped or dropped, the others scaled; every input has a gradient.
        let x = param([3, 5, 6], seed: 83, low: -2, high: 2)
        let plain = x.linear(weight: param([17, 6], seed: 84), bias: param([17], seed: 85), activation: .relu).data
        let clipped = plain.filter { $0 == 0 }.count
        let dropped = zip(plain, fused.out).filter { $0 > 0 && $1 == 0 }.count
        #expect(clipped > plain.count / 5 && dropped > 0)
        #expect(zip(plain, fused.out).contains { $0 > 0 && $1 == $0 / 0.75 })
        #expect(fused.grads.allSatisfy { g in g.contains { $0 != 0 } })
    }

    @Test func fusedLinearReLUDropoutGradientsMatchFiniteDifferences() {
        // Inputs away from the ReLU's kink (a finite difference across it measures neither side):
        // the first seeds whose pre-activations are all at least 0.05 from zero, on both sides.
        let seed = (UInt64(88)..<188).first { s in
            let z = param([4, 5], seed: s, low: -2, high: 2).linear(weight: param([7, 5], seed: s + 1000),
                                                                   bias: param([7], seed: s + 2000)).data
            return z.allSatisfy { abs($0) >= 0.05 } && z.contains { $0 < 0 } && z.contains { $0 > 0 }
        }!
        let x = param([4, 5], seed: seed, low: -2, high: 2), w = param([7, 5], seed: seed + 1000)
        let b = param([7], seed: seed + 2000)
        checkGradients([x, w, b]) {
            var rng = RandomStream(seed: 91)
            return x.linear(weight: w, bias: b, activation: .relu, dropout: 0.3, rng: &rng)
        }
    }

    @Test func dropoutMaskKernelDrawsAsTheSwiftGenerator() {
        var kernelRNG = RandomStream(seed: 92), swiftRNG = RandomStream(seed: 92)
        var keep = [Float](repeating: .nan, count: 1000)
        keep.withUnsafeMutableBufferPointer { k in
            kernelRNG.withStateWords { synib_dropout_keep(k.baseAddress!, 1000, $0, 0.1, 2.5) }
        }
        let expected = (0..<1000).map { _ in swiftRNG.uniform() >= 0.1 ? Float(2.5) : 0 }
        #expect(keep == expected)
        #expect(kernelRNG.next() == swiftRNG.next())
        #expect(keep.contains(0) && keep.contains(2.5))
    }

    @Test func blockedEvaluationFeedForwardEqualsTheTwoLinearOpsBitForBit() {
        // MultiBench's feed-forward (width 40, hidden 2048) on 3 × 50 steps, in blocks of 64 rows
        // (the last one short), of 1 row and of more rows than there are; and a hidden width
        // whose products span several of OpenBLAS's inner blocks (K = 2048 on the way back).
        var rng = RandomStream(seed: 93)
        let first = Linear(40, 2048, rng: &rng).frozen(), second = Linear(2048, 40, rng: &rng).frozen()
        let x = Tensor.normal([5, 50, 40], rng: &rng)
        let twoOps = second(first(x, activation: .relu))
        // 250 rows: blocks of 64, 64 and 122 (a short tail joins the block before), of 100, 150,
        // of 256 (one block), and 1 (raised to the 64-row minimum).
        for blockRows in [64, 100, 256, 1] {
            let blocked = x.feedForwardInBlocks(weight1: first.weight, bias1: first.bias, weight2: second.weight,
                                                bias2: second.bias, blockRows: blockRows)
            #expect(blocked.shape == [5, 50, 40])
            #expect(blocked.data == twoOps.data, "blocks of \(blockRows) rows")
        }
        // Non-trivial: the ReLU clipped part of the hidden layer, and the output is not the bias.
        #expect(first(x, activation: .relu).data.contains(0))
        #expect(twoOps.data.contains { $0 != 0 } && Array(twoOps.data.prefix(40)) != second.bias!.data)
        // A gradient-tracking input takes the ops that record a graph.
        let tracked = param([2, 3, 40], seed: 94)
        let out = tracked.feedForwardInBlocks(weight1: first.weight, bias1: first.bias, weight2: second.weight,
                                              bias2: second.bias, blockRows: 2)
        #expect(out.requiresGrad)
        #expect(out.data == second(first(tracked, activation: .relu)).data)
    }

    @Test func frozenTransformerGivesTheSameNumbersWithoutAGraph() {
        var rng = RandomStream(seed: 82)
        let encoder = TransformerEncoder(inputWidth: 7, width: 10, layerCount: 2, heads: 2, feedForward: 12, dropout: 0.1,
                                         rng: &rng)
        // 3 × 200 rows: the frozen feed-forward runs in three blocks of rows.
        let x = Tensor.normal([3, 200, 7], rng: &rng)
        let valid = frontPadded([200, 120, 1], steps: 200)
        var unused = RandomStream(seed: 0)
        let tracked = encoder(x, valid: valid, training: false, rng: &unused)
        let frozen = encoder.frozen()(x, valid: valid, training: false, rng: &unused)
        #expect(tracked.requiresGrad && !frozen.requiresGrad)
        #expect(frozen.data == tracked.data)
        #expect(frozen.data.contains { $0 != 0 })
    }
}
