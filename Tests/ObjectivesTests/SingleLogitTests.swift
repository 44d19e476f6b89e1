import Foundation
import Testing
import Tensors
@testable import Objectives

/// A single-logit model (the authors' PID-XOR network: every head ends in one output, trained
/// with BCE) against closed forms: its logits are (0, z), softmax cross-entropy on them is the
/// binary cross-entropy of σ(z), and the KL to the uniform reference is KL(Bern(σ(z)) ‖ Bern(½)).
@Suite struct SingleLogitTests {
    func model(_ data: PreparedDataset) -> FusionModel {
        var rng = RandomStream(seed: 5)
        let config = FusionModelConfiguration(encoderWidths: [6], fusionWidths: [5], unimodalWidths: [4],
                                              activation: .tanh, singleLogit: true)
        return FusionModel(inputWidths: data.inputWidths, classes: 2, configuration: config, rng: &rng)
    }

    @Test func headsHaveOneOutputAndLogitsAreZeroAndZ() {
        let data = tinyDataset(classes: 2)
        let net = model(data)
        #expect(net.classCount == 2)
        #expect(net.fusion.classCount == 1)
        #expect(net.unimodalHeads.allSatisfy { $0.outputWidth == 1 })

        var pass = ForwardPass.evaluation
        let batch = data.train.batch(Array(0..<16), withSequences: false)
        let z = net.encode(batch, &pass)
        let fused = net.fuse(z, &pass), unimodal = net.unimodal(z[0], modality: 0, &pass)
        for logits in [fused, unimodal] {
            #expect(logits.shape == [16, 2])
            #expect((0..<16).allSatisfy { logits.data[2 * $0] == 0 })
            #expect((0..<16).contains { logits.data[2 * $0 + 1] != 0 })  // the head computes something
        }
        // The frozen unimodal path (the learned mask's inner loop) gives the same logits.
        let path = net.frozenUnimodalPath(modality: 0)(batch.inputs[0])
        #expect(path.data == unimodal.data)
    }

    @Test func crossEntropyIsBinaryCrossEntropyAndKLIsBernoulli() {
        let data = tinyDataset(classes: 2)
        let net = model(data)
        var pass = ForwardPass.evaluation
        let batch = data.train.batch(Array(0..<16), withSequences: false)
        let logits = net.fuse(net.encode(batch, &pass), &pass)
        let labels = batch.labels
        #expect(Set(labels) == [0, 1])

        var bce = 0.0, kl = 0.0
        for i in 0..<16 {
            let zi = Double(logits.data[2 * i + 1]), p = 1 / (1 + exp(-zi))
            bce -= labels[i] == 1 ? log(p) : log(1 - p)
            kl += p * log(p / 0.5) + (1 - p) * log((1 - p) / 0.5)
        }
        let ce = Double(Loss.crossEntropy(logits, targets: labels).item)
        let klUniform = Double(Loss.klDivergence(logits, reference: .shared([0.5, 0.5])).item)
        #expect(abs(ce - bce / 16) < 1e-5)
        #expect(abs(klUniform - kl / 16) < 1e-5)
        #expect(klUniform > 1e-6)
    }

    @Test func gradientsReachTheSingleOutputOnly() {
        let data = tinyDataset(classes: 2)
        let net = model(data)
        var pass = ForwardPass.evaluation
        let batch = data.train.batch(Array(0..<16), withSequences: false)
        let z = net.encode(batch, &pass)
        Loss.crossEntropy(net.fuse(z, &pass), targets: batch.labels).backward()
        guard case .concat(let mlp) = net.fusion else { Issue.record("concat head expected"); return }
        let last = mlp.layers[mlp.layers.count - 1]
        #expect(last.weight.shape[0] == 1)
        #expect(last.weight.grad!.contains { $0 != 0 })
    }
}
