import Foundation
import Testing
@testable import Tensors

/// A small two-layer network trained with Adam on a fixed dataset; returns its parameters.
private func trainXOR(seed: UInt64, steps: Int) -> (MLP, ParameterSet) {
    var rng = RandomStream(seed: seed)
    var initRNG = rng.split("init")
    let mlp = MLP(widths: [2, 16, 2], activation: .tanh, rng: &initRNG)
    let params = mlp.parameters
    var opt = Adam(params, learningRate: 0.05)
    let x = Tensor(shape: [4, 2], data: [0, 0, 0, 1, 1, 0, 1, 1].map { $0 * 2 - 1 })
    let y = [0, 1, 1, 0]
    for _ in 0..<steps {
        opt.zeroGrad()
        Loss.crossEntropy(mlp(x, training: true, rng: &rng), targets: y).backward()
        opt.step()
    }
    return (mlp, params)
}

@Suite("Training behaviour")
struct TrainingTests {
    @Test func mlpLearnsTwoBitXOR() {
        let (mlp, _) = trainXOR(seed: 0, steps: 300)
        let x = Tensor(shape: [4, 2], data: [0, 0, 0, 1, 1, 0, 1, 1].map { $0 * 2 - 1 })
        let logits = mlp(x).data
        let predictions = (0..<4).map { logits[$0 * 2 + 1] > logits[$0 * 2] ? 1 : 0 }
        #expect(predictions == [0, 1, 1, 0])
    }

    @Test func sameSeedIsBitIdenticalAfter100Steps() {
        let a = trainXOR(seed: 7, steps: 100).1.snapshot()
        let b = trainXOR(seed: 7, steps: 100).1.snapshot()
        let c = trainXOR(seed: 8, steps: 100).1.snapshot()
        #expect(a == b)
        #expect(a != c)
    }

    @Test func parametersRoundTripThroughSafetensors() throws {
        let (_, params) = trainXOR(seed: 1, steps: 5)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synib-\(UUID()).safetensors")
        defer { try? FileManager.default.removeItem(at: url) }
        try params.save(to: url)
        let saved = params.snapshot()
        let (_, other) = trainXOR(seed: 2, steps: 5)
        #expect(other.snapshot() != saved)
        try other.load(from: url)
        #expect(other.snapshot() == saved)
        // A model of another shape is refused with the offending name.
        var rng = RandomStream(seed: 3)
        let wrong = MLP(widths: [2, 8, 2], rng: &rng).parameters
        #expect(throws: ParameterFileError.self) { try wrong.load(from: url) }
    }
}

@Suite("RandomStream")
struct RandomStreamTests {
    @Test func splitStreamsAreReproducibleAndIndependentOfConsumption() {
        var a = RandomStream(seed: 5)
        let childBefore = a.split("x")
        _ = (0..<10).map { _ in a.next() }
        let childAfter = a.split("x")
        var c1 = childBefore, c2 = childAfter
        #expect((0..<5).map { _ in c1.next() } == (0..<5).map { _ in c2.next() })
        var d = RandomStream(seed: 5).split("y")
        var e = RandomStream(seed: 5).split("x")
        #expect(d.next() != e.next())
    }

    @Test func distributionsHaveTheRightMoments() {
        var rng = RandomStream(seed: 6)
        let n = 50_000
        let normals = (0..<n).map { _ in Double(rng.normal(mean: 1, std: 2)) }
        let mean = normals.reduce(0, +) / Double(n)
        let variance = normals.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(n)
        #expect(abs(mean - 1) < 0.05 && abs(variance - 4) < 0.15)
        let uniforms = (0..<n).map { _ in rng.uniform() }
        #expect(uniforms.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(Double(uniforms.reduce(0, +)) / Double(n) - 0.5) < 0.01)
        let p = rng.permutation(100)
        #expect(p.sorted() == Array(0..<100) && p != Array(0..<100))
        let counts = (0..<n).reduce(into: [0, 0, 0]) { c, _ in c[rng.int(below: 3)] += 1 }
        #expect(counts.allSatisfy { abs(Double($0) / Double(n) - 1.0 / 3) < 0.01 })
    }
}
