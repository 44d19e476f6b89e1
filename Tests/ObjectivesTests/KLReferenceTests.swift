import Foundation
import Testing
import Tensors
@testable import Objectives

/// A small smooth model, with a log-variance head when asked.
private func model(_ data: PreparedDataset, logVarianceHead: Bool, seed: UInt64 = 2) -> FusionModel {
    var rng = RandomStream(seed: seed)
    let config = FusionModelConfiguration(encoderWidths: [6], fusionWidths: [5], unimodalWidths: [4],
                                          latentLayerNorm: true, activation: .tanh)
    return FusionModel(inputWidths: data.inputWidths, classes: data.classCount, configuration: config,
                       logVarianceHead: logVarianceHead, rng: &rng)
}

@Suite("SynIB's Gaussian and masked-anchor references")
struct KLReferenceTests {
    let data = tinyDataset()

    /// The masked anchor is KL(r ‖ q) with r the *withheld* modality's unimodal prediction on
    /// its clean latent, on the branch's rows: checked against a naive loop in Double.
    @Test func maskedAnchorMatchesANaiveComputation() {
        let net = model(data, logVarianceHead: false)
        let batch = data.train.batch(Array(0..<10))
        var pass = ForwardPass.evaluation
        let z = net.encode(batch, &pass)
        let rows = [0, 2, 3, 7, 9]
        var rng = RandomStream(seed: 8)
        let q = Tensor.normal([rows.count, data.classCount], rng: &rng)
        for withheld in 0..<2 {
            var step = stepContext(data, net)
            step.pass = .evaluation
            let kl = Reference.maskedAnchor.divergence(logits: q, representation: nil, withheld: withheld, latents: z,
                                                       rows: rows, model: net, &step).item
            let u = net.unimodal(z[withheld].gatherRows(rows), modality: withheld, &pass).data
            let c = data.classCount
            var expected = 0.0
            for i in rows.indices {
                let ur = (0..<c).map { Double(u[i * c + $0]) }, qr = (0..<c).map { Double(q.data[i * c + $0]) }
                let r = ur.map { Foundation.exp($0) / ur.map(Foundation.exp).reduce(0, +) }
                let logq = qr.map { $0 - Foundation.log(qr.map(Foundation.exp).reduce(0, +)) }
                for j in 0..<c { expected += r[j] * (Foundation.log(r[j]) - logq[j]) }
            }
            expected /= Double(rows.count)
            #expect(abs(Double(kl) - expected) < 1e-5, "withheld \(withheld): \(kl) vs \(expected)")
            // Not the kept-modality anchor, not the uniform reference.
            var other = stepContext(data, net)
            other.pass = .evaluation
            let kept = Reference.anchor.divergence(logits: q, representation: nil, withheld: withheld, latents: z,
                                                   rows: rows, model: net, &other).item
            #expect(abs(kept - kl) > 1e-3)
        }
    }

    /// The Gaussian reference: ½ Σ (σ² + μ² − 1 − log σ²) with μ the branch logits and log σ²
    /// the log-variance head on the branch's fused representation.
    @Test func gaussianMatchesTheClosedForm() {
        let net = model(data, logVarianceHead: true)
        let batch = data.train.batch(Array(0..<6))
        var pass = ForwardPass.evaluation
        let z = net.encode(batch, &pass)
        let fused = net.fuseWithRepresentation(views: [z], &pass)[0]
        #expect(fused.logits.data == net.fuse(z, &pass).data)  // the same logits as the plain pass
        var step = stepContext(data, net)
        let kl = Reference.gaussian.divergence(logits: fused.logits, representation: fused.representation, withheld: 0,
                                               latents: z, rows: nil, model: net, &step).item
        let head = net.logVarianceHead!
        let (n, c, d) = (6, data.classCount, fused.representation.shape[1])
        var expected = 0.0
        for i in 0..<n {
            for j in 0..<c {
                var v = Double(head.bias!.data[j])
                for k in 0..<d { v += Double(head.weight.data[j * d + k]) * Double(fused.representation.data[i * d + k]) }
                let mu = Double(fused.logits.data[i * c + j])
                expected += 0.5 * (Foundation.exp(v) + mu * mu - 1 - v)
            }
        }
        expected /= Double(n)
        #expect(abs(Double(kl) - expected) < 1e-5 * max(1, expected), "\(kl) vs \(expected)")
        #expect(kl > 0.01)
    }

    /// Finite differences of the whole SynIB loss with each new reference, over every
    /// parameter with no stop-gradient on its path: λ_uni = 0, since the unimodal losses read
    /// sg(z_m), and the masked anchor's target is detached, as the anchor's is.
    @Test(arguments: [(Reference.gaussian, ["encoder", "norm", "fusion", "logvar"]),
                      (.maskedAnchor, ["fusion"])])
    func fullLossMatchesFiniteDifferences(reference: Reference, checked: [String]) {
        let net = model(data, logVarianceHead: reference.needsLogVarianceHead)
        let batch = data.train.batch(Array(0..<10))
        let objective = SynIB(lambda: 0.7, mask: .random(p: 0.5, fill: .noise(1)), reference: reference,
                              branchWeights: [1, 0.3], lambdaUni: 0, level: .latent)
        #expect(objective.needsLogVarianceHead == (reference == .gaussian))
        func loss() -> Tensor {
            var step = stepContext(data, net)
            return objective.loss(net, batch, &step)
        }
        var compared = 0, nonZero = 0
        finiteDifferenceCheck(net.parameters, prefixes: checked, loss: loss) { name, i, analytic, numeric in
            #expect(abs(analytic - numeric) <= 1e-3 + 5e-3 * abs(numeric), "\(name)[\(i)]: \(analytic) vs \(numeric)")
            compared += 1
            if name.hasPrefix("logvar"), abs(analytic) > 1e-4 { nonZero += 1 }
        }
        #expect(compared > 50)
        if reference == .gaussian { #expect(nonZero > 5) }  // the head is trained by the KL
    }

    /// The head is drawn after every other layer: the rest of the model is the same with or
    /// without it, and only the Gaussian reference asks for it.
    @Test func logVarianceHeadLeavesTheOtherWeightsUnchanged() {
        let plain = model(data, logVarianceHead: false), with = model(data, logVarianceHead: true)
        #expect(plain.logVarianceHead == nil && with.logVarianceHead != nil)
        let a = plain.parameters.entries, b = with.parameters.entries.filter { !$0.0.hasPrefix("logvar") }
        #expect(a.map(\.0) == b.map(\.0))
        #expect(zip(a, b).allSatisfy { $0.1.data == $1.1.data })
        #expect(!SynIB(lambda: 1, mask: .random(p: 0.5, fill: .shuffle)).needsLogVarianceHead)
        #expect(!Vanilla().needsLogVarianceHead)
    }

    /// Real short runs: both references train, and change the outcome relative to uniform.
    @Test func trainsWithEachReference() throws {
        let trainer = Trainer(configuration: TrainingConfiguration(epochs: 3, batchSize: 16, learningRate: 1e-2),
                              model: FusionModelConfiguration(encoderWidths: [8], fusionWidths: [8], unimodalWidths: [8],
                                                              latentLayerNorm: true))
        let uniform = try trainer.train(SynIB(lambda: 1, mask: .random(p: 0.5, fill: .shuffle)), on: data, seed: 4)
        for reference in [Reference.gaussian, .maskedAnchor] {
            let run = try trainer.train(SynIB(lambda: 1, mask: .random(p: 0.5, fill: .shuffle), reference: reference),
                                        on: data, seed: 4)
            #expect(run.curves.trainLoss.allSatisfy { $0.isFinite })
            #expect(run.curves.trainLoss != uniform.curves.trainLoss)
            #expect((run.model.logVarianceHead != nil) == (reference == .gaussian))
        }
    }
}
