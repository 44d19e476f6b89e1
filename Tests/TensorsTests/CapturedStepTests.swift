import Testing
@testable import Tensors

/// A captured step replays exactly the eager step: same losses, same parameters, bit for bit,
/// while its inputs change in place between steps.
@Suite("Captured (replayed) training steps")
struct CapturedStepTests {
    /// The two-encoder MLP of `bench speed --model mlp`, small.
    struct Model {
        let encoders: [MLP]
        let head: MLP
        let parameters: ParameterSet
        let inputs: [Tensor]
        let labels: [Int]

        init(seed: UInt64) {
            let rng = RandomStream(seed: seed)
            var initRNG = rng.split("init")
            encoders = (0..<2).map { _ in MLP(widths: [5, 8, 8], activateLast: true, rng: &initRNG) }
            head = MLP(widths: [16, 6, 3], rng: &initRNG)
            parameters = encoders[0].parameters.prefixed("e0") + encoders[1].parameters.prefixed("e1")
                + head.parameters.prefixed("head")
            var dataRNG = rng.split("data")
            inputs = (0..<2).map { _ in Tensor.normal([7, 5], rng: &dataRNG) }
            labels = (0..<7).map { _ in dataRNG.int(below: 3) }
        }

        func loss() -> Tensor {
            Loss.crossEntropy(head(Tensor.concat([encoders[0](inputs[0]), encoders[1](inputs[1])])), targets: labels)
        }

        /// Overwrites the inputs in place with step-dependent values.
        func loadBatch(_ step: Int) {
            var rng = RandomStream(seed: 1000 + UInt64(step))
            for x in inputs {
                x.data.withUnsafeMutableBufferPointer { p in for i in p.indices { p[i] = rng.normal(mean: 0, std: 1) } }
            }
        }
    }

    @Test func replayEqualsEagerBitForBit() throws {
        let eager = Model(seed: 3), captured = Model(seed: 3)
        var eagerOptimizer = Adam(eager.parameters, learningRate: 0.01)
        var capturedOptimizer = Adam(captured.parameters, learningRate: 0.01)
        let step = try CapturedStep { captured.loss() }
        var losses: Set<Float> = []
        for s in 0..<6 {
            eager.loadBatch(s); captured.loadBatch(s)
            eagerOptimizer.zeroGrad()
            let l = eager.loss()
            l.backward()
            capturedOptimizer.zeroGrad()
            let replayed = step.run()
            #expect(replayed.bitPattern == l.item.bitPattern, "step \(s): \(replayed) vs \(l.item)")
            for (a, b) in zip(eager.parameters.tensors, captured.parameters.tensors) { #expect(a.grad! == b.grad!) }
            eagerOptimizer.step(); capturedOptimizer.step()
            #expect(eager.parameters.snapshot() == captured.parameters.snapshot())
            losses.insert(replayed)
        }
        #expect(losses.count == 6)  // new inputs and weights every step: the replay really recomputes
    }

    @Test func refusesGraphsItCannotReplay() {
        let m = Model(seed: 4)
        let w = m.parameters.tensors[0]
        #expect(throws: CaptureError.notReplayable(shape: [7, 8])) {
            try CapturedStep { m.inputs[0].linear(weight: w, bias: nil).tanh().sum() }
        }
        #expect(throws: CaptureError.frozenIntermediate(shape: [7, 8])) {
            try CapturedStep {
                let h = m.inputs[0].linear(weight: w, bias: nil, activation: .relu)
                return Loss.crossEntropy(Tensor.concat([h, h.stopGradient()]).linear(weight: m.head.parameters.tensors[0], bias: nil),
                                         targets: m.labels)
            }
        }
        #expect(throws: CaptureError.notATrainableScalar(shape: [7, 8])) {
            try CapturedStep { m.inputs[0].linear(weight: w, bias: nil) }
        }
    }
}
