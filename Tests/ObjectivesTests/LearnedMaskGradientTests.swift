import Testing
import Tensors
@testable import Objectives

/// The learned mask writes its gate arithmetic out instead of recording it on the autodiff tape
/// (``LearnedMask/gateGradient(lossGradient:gates:clean:noise:sparsity:)``). Its gradient must
/// be the tape's gradient of the objective as docs/METHOD.md states it:
/// −CE(path(σ(a)·v + (1 − σ(a))·ε)) + sparsity · mean(1 − σ(a)).
@Suite("Learned-mask gate gradient")
struct LearnedMaskGradientTests {
    /// A small frozen path (Linear → ReLU → Linear, 3 classes) and random gates, values, noise.
    @Test(arguments: [Float(0.1), 10])
    func gateGradientMatchesTheTape(sparsity: Float) {
        var rng = RandomStream(seed: 11)
        let (n, d) = (8, 5)
        let head = MLP(widths: [d, 6, 3], activation: .relu, dropout: 0, rng: &rng).frozen()
        let labels = (0..<n).map { $0 % 3 }
        let v = Tensor.normal([n, d], rng: &rng), noise = Tensor.normal([n, d], rng: &rng)
        let start = Tensor.normal([n, d], rng: &rng).data

        // The tape: every operation of the objective recorded.
        let a = Tensor(shape: [n, d], data: start, requiresGrad: true)
        let g = a.sigmoid()
        let objective = -Loss.crossEntropy(head(g * v + (-g + 1) * noise), targets: labels) + sparsity * (-g + 1).mean()
        objective.backward()
        let tape = a.grad!

        // The written-out gate arithmetic around the path's own gradient.
        let gates = start.map(LearnedMask.sigmoid)
        #expect(gates == g.data)
        let mixed = Tensor(shape: [n, d], data: LearnedMask.mix(gates: gates, clean: v.data, noise: noise.data), requiresGrad: true)
        Loss.crossEntropy(head(mixed), targets: labels).backward()
        let written = LearnedMask.gateGradient(lossGradient: mixed.grad!, gates: gates, clean: v.data, noise: noise.data,
                                               sparsity: sparsity)

        for i in tape.indices { #expect(abs(written[i] - tape[i]) <= 1e-6 + 1e-4 * abs(tape[i]), "coordinate \(i)") }
        // Non-trivial: the path's loss moves the gates, not only the sparsity price.
        let priceOnly = LearnedMask.gateGradient(lossGradient: [Float](repeating: 0, count: n * d), gates: gates,
                                                 clean: v.data, noise: noise.data, sparsity: sparsity)
        #expect(zip(written, priceOnly).filter { abs($0 - $1) > 1e-4 }.count > n * d / 2)
    }
}
