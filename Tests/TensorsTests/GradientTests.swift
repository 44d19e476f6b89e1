import Testing
@testable import Tensors

@Suite("Finite-difference gradient checks")
struct GradientTests {
    @Test func matmulAllTransposes() {
        for ta in [false, true] {
            for tb in [false, true] {
                let a = param(ta ? [4, 3] : [3, 4], seed: 1)
                let b = param(tb ? [5, 4] : [4, 5], seed: 2)
                checkGradients([a, b]) { a.matmul(b, transposeSelf: ta, transposeOther: tb) }
            }
        }
    }

    @Test func batchedMatmulAllTransposes() {
        for ta in [false, true] {
            for tb in [false, true] {
                let a = param(ta ? [2, 4, 3] : [2, 3, 4], seed: 3)
                let b = param(tb ? [2, 5, 4] : [2, 4, 5], seed: 4)
                checkGradients([a, b]) { a.batchedMatmul(b, transposeSelf: ta, transposeOther: tb) }
            }
        }
    }

    @Test func linear2DAnd3D() {
        let w = param([3, 4], seed: 5), b = param([3], seed: 6)
        let x2 = param([5, 4], seed: 7), x3 = param([2, 3, 4], seed: 8)
        checkGradients([x2, w, b]) { x2.linear(weight: w, bias: b) }
        checkGradients([x3, w, b]) { x3.linear(weight: w, bias: b) }
        checkGradients([x2, w]) { x2.linear(weight: w, bias: nil) }
    }

    @Test func elementwiseWithBroadcasting() {
        let a = param([3, 4], seed: 9)
        let same = awayFromZero([3, 4], seed: 10)
        let row = awayFromZero([4], seed: 11)
        let column = awayFromZero([3, 1], seed: 12)
        let scalar = awayFromZero([], seed: 13)
        for b in [same, row, column, scalar] {
            checkGradients([a, b]) { a + b }
            checkGradients([a, b]) { a - b }
            checkGradients([a, b]) { a * b }
            checkGradients([a, b]) { a / b }
        }
        checkGradients([a, row]) { a.addingBias(row) }
        checkGradients([a]) { a * 3 + 1 }
        checkGradients([a]) { -a }
    }

    @Test func activations() {
        let x = awayFromZero([4, 5], seed: 14)
        checkGradients([x]) { x.relu() }
        checkGradients([x]) { x.gelu() }
        checkGradients([x]) { x.tanh() }
        checkGradients([x]) { x.sigmoid() }
        checkGradients([x]) { x.exp() }
        let positive = param([4, 5], seed: 15, low: 0.5, high: 2)
        checkGradients([positive]) { positive.log() }
    }

    @Test func softmaxAndLogSoftmax() {
        let x = param([3, 5], seed: 16, low: -3, high: 3)
        checkGradients([x]) { x.softmax() }
        checkGradients([x]) { x.logSoftmax() }
        let x3 = param([2, 3, 4], seed: 17)
        checkGradients([x3]) { x3.softmax() }
    }

    @Test func layerNorm() {
        let x = param([4, 6], seed: 18, low: -2, high: 2)
        let gamma = param([6], seed: 19, low: 0.5, high: 1.5), beta = param([6], seed: 20)
        checkGradients([x, gamma, beta]) { x.layerNorm(gamma: gamma, beta: beta) }
    }

    @Test func dropoutUsesOneMaskForValueAndGradient() {
        let x = param([6, 7], seed: 21)
        checkGradients([x]) {
            var rng = RandomStream(seed: 5)  // the same mask on every evaluation
            return x.dropout(p: 0.3, rng: &rng)
        }
    }

    @Test func shapeOps() {
        let a = param([3, 2], seed: 22), b = param([3, 4], seed: 23), c = param([2, 3, 4], seed: 24)
        checkGradients([a, b]) { Tensor.concat([a, b, a]) }
        checkGradients([b]) { b.split(widths: [1, 3])[1] * b.split(widths: [1, 3])[1] }
        checkGradients([b]) { b.gatherRows([2, 0, 2, 1]) }
        checkGradients([b]) { b.transposed() }
        checkGradients([c]) { c.transposed() }
        checkGradients([c]) { c.reshaped([6, 4]) }
        checkGradients([c]) { c.slice(features: 1..<3) }
        checkGradients([b]) { b.selecting(columns: [3, 0, 3]) }
        let d = param([2, 4], seed: 26)
        checkGradients([b, d]) { Tensor.stackRows([b, d, b]) }
        checkGradients([c]) { c.rows(1..<2) }
        checkGradients([b, d]) { let s = Tensor.stackRows([d, b]); return s.rows(0..<2) * s.rows(3..<5) }
    }

    /// The fused ReLU of `linear(…, activation: .relu)` against the unfused composition, and
    /// against finite differences (inputs kept away from the kink).
    @Test func linearWithFusedReLU() {
        let w = param([3, 4], seed: 27), b = param([3], seed: 28), x = param([5, 4], seed: 29)
        let fused = x.linear(weight: w, bias: b, activation: .relu)
        let composed = x.linear(weight: w, bias: b).relu()
        #expect(fused.data == composed.data)
        #expect(fused.data.contains(0) && fused.data.contains { $0 > 0 }, "the test needs both sides of the kink")
        checkGradients([x, w, b]) { x.linear(weight: w, bias: b, activation: .relu) }
        // Gradients equal the composition's exactly (same products on the same masked values).
        func grads(_ f: () -> Tensor) -> [[Float]] {
            for t in [x, w, b] { t.grad = nil }
            (f() * f()).sum().backward()
            return [x, w, b].map { $0.grad! }
        }
        #expect(grads { x.linear(weight: w, bias: b, activation: .relu) } == grads { x.linear(weight: w, bias: b).relu() })
    }

    @Test func reductions() {
        let c = param([2, 3, 4], seed: 25)
        checkGradients([c]) { c.sum() }
        checkGradients([c]) { c.mean() }
        for axis in 0..<3 {
            checkGradients([c]) { c.sum(axis: axis) }
            checkGradients([c]) { c.mean(axis: axis) }
        }
    }

    @Test func coordinateReplace() {
        let x = param([3, 4], seed: 26), fill = param([3, 4], seed: 27)
        var rng = RandomStream(seed: 28)
        let mask = Tensor(shape: [3, 4], data: (0..<12).map { _ in rng.bernoulli(0.5) ? 1 : 0 })
        checkGradients([x, fill]) { x.replacing(where: mask, with: fill) }
        // Gradient reaches x exactly where the mask is 0, and fill exactly where it is 1.
        x.grad = nil; fill.grad = nil
        x.replacing(where: mask, with: fill).sum().backward()
        for i in 0..<12 {
            #expect(x.grad![i] == (mask.data[i] == 0 ? 1 : 0))
            #expect(fill.grad![i] == (mask.data[i] == 0 ? 0 : 1))
        }
    }

    @Test func losses() {
        let logits = param([4, 3], seed: 29, low: -2, high: 2)
        checkGradients([logits]) { Loss.crossEntropy(logits, targets: [0, 2, 1, 2]) }
        checkGradients([logits]) { Loss.entropy(logits) }
        checkGradients([logits]) { Loss.klDivergence(logits, reference: .uniform(classes: 3)) }
        checkGradients([logits]) { Loss.klDivergence(logits, reference: .shared([0.2, 0.5, 0.3])) }
        var rng = RandomStream(seed: 30)
        let perRow: [Float] = (0..<4).flatMap { _ -> [Float] in
            let raw = (0..<3).map { _ in rng.uniform(0.1, 1) }
            let s = raw.reduce(0, +)
            return raw.map { $0 / s }
        }
        checkGradients([logits]) { Loss.klDivergence(logits, reference: .perRow(perRow)) }
        let single = param([5, 1], seed: 31, low: -3, high: 3)
        checkGradients([single]) { Loss.binaryCrossEntropyWithLogits(single, targets: [1, 0, 1, 0.3, 0]) }
    }

    @Test func parameterUsedByThreePassesAccumulates() {
        // One weight, three forward passes (as SynIB's 1 + M passes): gradients must add up.
        let w = param([3, 4], seed: 32)
        let xs = [param([2, 4], seed: 33), param([2, 4], seed: 34), param([2, 4], seed: 35)]
        checkGradients([w]) {
            xs.map { $0.linear(weight: w, bias: nil).tanh().sum() }.reduce(Tensor.scalar(0), +)
        }
        // And the accumulated gradient equals the sum of the three single-pass gradients.
        var singles = [Float](repeating: 0, count: w.count)
        for x in xs {
            w.grad = nil
            x.linear(weight: w, bias: nil).tanh().sum().backward()
            for i in singles.indices { singles[i] += w.grad![i] }
        }
        w.grad = nil
        xs.map { $0.linear(weight: w, bias: nil).tanh().sum() }.reduce(Tensor.scalar(0), +).backward()
        for i in singles.indices { #expect(abs(w.grad![i] - singles[i]) < 1e-5) }
    }

    /// zeroGrad() only marks gradients zero; the next backward must still produce exactly the
    /// gradient of a fresh start, whether the first op to reach the buffer overwrites it (linear:
    /// GEMM with beta = 0) or adds into it (tanh, sum), and a read in between sees zeros.
    @Test func zeroGradThenBackwardEqualsAFreshBackward() {
        let w = param([4, 3], seed: 37), b = param([4], seed: 38), x = param([5, 3], seed: 39)
        func loss() -> Tensor { (x.linear(weight: w, bias: b).tanh() * x.linear(weight: w, bias: nil)).sum() }
        loss().backward()
        let fresh = [w.grad!, b.grad!, x.grad!]
        for _ in 0..<2 { loss().backward() }  // stale, non-zero buffers
        for t in [w, b, x] { t.zeroGrad() }
        #expect(x.grad! == [Float](repeating: 0, count: x.count))  // read while zeroed: zeros
        for t in [w, b] { t.zeroGrad() }
        loss().backward()
        #expect([w.grad!, b.grad!, x.grad!] == fresh)
        // A parameter no op reaches after zeroGrad() reads as zeros, as with eager zeroing.
        let unused = param([3], seed: 40)
        unused.grad = [1, 2, 3]
        unused.zeroGrad()
        #expect(unused.grad! == [0, 0, 0])
    }

    /// The ops that only move values write a parent's gradient buffer when it holds none yet
    /// (nil, or marked zero by zeroGrad() over stale values) and add into it otherwise: against
    /// a plain loop that scatters the upstream gradient into zeros, or onto the old gradient.
    @Test func copyLikeOpsWriteFreshGradientsAndAddOtherwise() {
        let x = param([4, 6], seed: 41), y = param([4, 6], seed: 42)
        let upstream = param([1], seed: 43)  // scales the weights, so the gradient is not all ones
        // (op, where each output element comes from in x: out[k] = x[source[k]])
        let cases: [(String, () -> Tensor, [Int])] = [
            ("slice", { x.slice(features: 2..<5) }, (0..<4).flatMap { r in (2..<5).map { r * 6 + $0 } }),
            ("rows", { x.rows(1..<3) }, Array(6..<18)),
            ("reshape", { x.reshaped([6, 4]) }, Array(0..<24)),
            ("concat", { Tensor.concat([y, x]).slice(features: 6..<12) }, Array(0..<24)),
            ("stackRows", { Tensor.stackRows([y, x, y]).rows(4..<8) }, Array(0..<24)),
            ("splitRows", { x.splitRows([1, 3])[1] }, Array(6..<24)),
        ]
        var rng = RandomStream(seed: 44)
        for (name, op, source) in cases {
            let weights = (0..<source.count).map { _ in rng.uniform(-2, 2) }
            func loss() -> Tensor {
                (op().reshaped([source.count]) * Tensor(shape: [source.count], data: weights)).sum() * upstream.data[0]
            }
            // What reaches out[k] is weights[k] · upstream (sum → scale → product).
            let g = weights.map { (1 * upstream.data[0]) * $0 }
            var scattered = [Float](repeating: 0, count: x.count)
            for (k, i) in source.enumerated() { scattered[i] += g[k] }
            x.grad = nil
            loss().backward()
            #expect(x.grad! == scattered, "\(name): from no gradient")
            let stale = (0..<x.count).map { Float($0) + 0.5 }
            x.grad = stale
            x.zeroGrad()
            loss().backward()
            #expect(x.grad! == scattered, "\(name): after zeroGrad() over stale values")
            x.grad = stale
            loss().backward()
            #expect(x.grad! == zip(stale, scattered).map { $0 + $1 }, "\(name): accumulated onto a gradient")
            #expect(scattered.contains { $0 != 0 }, "\(name): the gradient reaches x")
        }
    }

    @Test func stopGradientBlocksFlow() {
        let x = param([2, 3], seed: 36)
        let y = (x.stopGradient() * x).sum()
        y.backward()
        // d/dx of (c · x) with c = x held constant is c = x, not 2x.
        for i in 0..<x.count { #expect(abs(x.grad![i] - x.data[i]) < 1e-6) }
    }
}
