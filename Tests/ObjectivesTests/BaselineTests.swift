import Datasets
import Foundation
import Testing
import Tensors
@testable import Objectives

@Suite("Baselines: OGM-GE, MMPareto, CML")
struct BaselineTests {
    @Test func ogmgeSuppressesTheDominantModality() {
        // ρ = 3 / 1 = 3 > 1: modality 0 is scaled by 1 − tanh(0.8 · 3), modality 1 untouched.
        let c = OGMGE.coefficients(scores: [3, 1], alpha: 0.8)
        #expect(abs(c[0] - Float(1 - Foundation.tanh(2.4))) < 1e-6 && c[1] == 1)
        // ρ = 1/2: modality 1 is scaled by 1 − tanh(0.8 · 2).
        let d = OGMGE.coefficients(scores: [1, 2], alpha: 0.8)
        #expect(d[0] == 1 && abs(d[1] - Float(1 - Foundation.tanh(1.6))) < 1e-6)
        #expect(OGMGE.coefficients(scores: [2, 2], alpha: 0.8) == [1, 1])
    }

    @Test func ogmgeScoreSumsTheTrueClassProbability() {
        let share = Tensor(shape: [2, 2], data: [0, 0, Float(Foundation.log(3.0)), 0])  // softmax rows: (½, ½), (¾, ¼)
        #expect(abs(OGMGE.score(share: share, labels: [1, 0]) - 1.25) < 1e-6)
    }

    @Test func ogmgeShareOfAOneLayerHeadIsHalfTheBiasPlusItsWeights() {
        var rng = RandomStream(seed: 3)
        let head = MLP(widths: [4, 2], rng: &rng)
        let z = [Tensor.normal([3, 2], rng: &rng), Tensor.normal([3, 2], rng: &rng)]
        let shares = (0..<2).map { OGMGE.share(of: $0, latents: z, fusion: head) }
        let fused = head(Tensor.concat(z))
        // The two halves add up to the fused logits.
        for i in 0..<fused.count { #expect(abs(shares[0].data[i] + shares[1].data[i] - fused.data[i]) < 1e-5) }
    }

    @Test func ogmgeNoiseHasTheGradientsStandardDeviation() {
        let p = Tensor(shape: [10_000], data: [Float](repeating: 0, count: 10_000), requiresGrad: true)
        var rng = RandomStream(seed: 4)
        let original = (0..<10_000).map { _ in rng.normal(std: 2) }
        p.grad = original
        OGMGE.modulate(p, coefficient: 0.5, rng: &rng)
        let residual = zip(p.grad!, original).map { $0 - 0.5 * $1 }
        let std = (residual.map { $0 * $0 }.reduce(0, +) / 10_000).squareRoot()
        #expect(abs(std - 2) < 0.1)
    }

    @Test func mmparetoMinNormWeights() {
        // Orthogonal unit gradients: the minimum-norm point is their midpoint.
        let (a, b) = MMPareto.minNormWeights([1, 0], [0, 1])
        #expect(abs(a - 0.5) < 1e-6 && abs(b - 0.5) < 1e-6)
        // g1 = (1, 0), g2 = (−1, 1): min over w of ‖(2w − 1, 1 − w)‖² is at w = 3/5.
        let (c, d) = MMPareto.minNormWeights([1, 0], [-1, 1])
        #expect(abs(c - 0.6) < 1e-6 && abs(d - 0.4) < 1e-6)
    }

    @Test func mmparetoCombination() {
        // Agreeing gradients are summed, then rescaled to 1.5 × the sum's norm.
        let same = MMPareto.combine([1, 0], [1, 1], gamma: 1.5)
        let sumNorm = Float(5).squareRoot()
        #expect(abs(same[0] - 2 * 1.5) < 1e-5 && abs(same[1] - 1.5) < 1e-5)
        #expect(abs(same.norm - 1.5 * sumNorm) < 1e-5)
        // Conflicting gradients use 2 × the min-norm combination, rescaled to 1.5 × max(‖sum‖, ‖combination‖).
        let conflict = MMPareto.combine([1, 0], [-1, 1], gamma: 1.5)
        let direction: [Float] = [2 * (0.6 - 0.4), 2 * 0.4]  // 2(0.6·g1 + 0.4·g2)
        let target = 1.5 * max(Float(1), direction.norm)
        for i in 0..<2 { #expect(abs(conflict[i] - direction[i] / direction.norm * target) < 1e-5) }
    }

    @Test func cmlPenalisesOnlyOverconfidentSubsetsOnCorrectExamples() {
        // Confidence of softmax rows: (0.9, 0.1) → 0.9.
        let logits = Tensor(shape: [1, 2], data: [Float(Foundation.log(9.0)), 0])
        let (confidence, predicted) = CML.confidence(logits)
        #expect(predicted == [0] && abs(confidence.item - 0.9) < 1e-6)
        // A zero CML weight gives exactly the vanilla loss; a positive one can only add.
        let data = tinyDataset()
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<16))
        var s1 = stepContext(data, model), s2 = stepContext(data, model), s3 = stepContext(data, model)
        let vanilla = Vanilla().loss(model, batch, &s1).item
        #expect(CML(beta: 0).loss(model, batch, &s2).item == vanilla)
        #expect(CML(beta: 5).loss(model, batch, &s3).item >= vanilla)
    }

    /// Each baseline (and SynIB) trains a Transformer-encoder model on a small stand-in
    /// sequence task (synergy fraction 0.2) without NaN and lands above chance.
    @Test(arguments: ["ogm-ge", "mmpareto", "cml", "synib-random"])
    func trainsOnASequenceStandIn(objective: String) throws {
        let data = try sequenceStandIn()
        var reference = ProtocolSettings.forDataset("mosi")
        reference.model.sequenceEncoder = TransformerSettings(width: 16, layers: 1, heads: 2, feedForward: 32, dropout: 0)
        reference.model.encoderWidths = [16]
        reference.training.epochs = 8
        reference.training.unimodalPretrainingEpochs = 1
        reference.training.batchSize = 32
        let trainer = Trainer(configuration: reference.training, model: reference.model)
        let run = try trainer.train(try reference.objective(named: objective) as! any TrainingObjective, on: data, seed: 0)
        #expect(run.testPredictions.probabilities.allSatisfy { $0.isFinite })
        let majority = Double(max(data.test.labels.filter { $0 == 1 }.count, data.test.labels.filter { $0 == 0 }.count))
            / Double(data.test.count)
        #expect(run.test.accuracy > max(0.5, majority) + 0.1, "\(objective): accuracy \(run.test.accuracy), majority \(majority)")
    }
}

/// A small front-padded sequence stand-in (two modalities of 12 steps × 16 features, signal
/// in 6 random valid steps, sources u1/u2/red/syn = 0.3/0.3/0.2/0.2).
func sequenceStandIn() throws -> PreparedDataset {
    var spec = StandInSpec.mosi
    spec.name = "sequence-test"
    for m in 0..<2 {
        spec.modalities[m].dimensions = 16
        spec.modalities[m].timeSteps = 12
    }
    spec.splitSizes = [600, 150, 400]
    spec.blockSize = 4
    spec.signalSteps = 6
    return PreparedDataset(try StandInGenerator.generate(spec, reason: "unit test"))
}

@Suite("Token fusion (Hateful Memes model)")
struct TokenFusionTests {
    @Test func tokenFusionModelTrainsAndItsLossHasFiniteDifferenceGradients() throws {
        let data = tinyDataset()
        var rng = RandomStream(seed: 8)
        let config = FusionModelConfiguration(encoderWidths: [4], fusionWidths: [], unimodalWidths: [3], activation: .tanh,
                                              encoderActivation: .identity,
                                              fusionTransformer: TransformerSettings(width: 4, layers: 1, heads: 2, feedForward: 6, dropout: 0))
        let model = FusionModel(inputWidths: data.inputWidths, classes: data.classCount, configuration: config, rng: &rng)
        guard case .tokens = model.fusion else { Issue.record("expected a token-fusion head"); return }
        let batch = data.train.batch(Array(0..<8))
        let objective = SynIB(lambda: 0.5, mask: .random(p: 0.5, fill: .noise(1)), lambdaUni: 0)
        func loss() -> Tensor {
            var step = stepContext(data, model)
            return objective.loss(model, batch, &step)
        }
        var pass = ForwardPass.evaluation
        var step = stepContext(data, model)
        model.parameters.zeroGrad()
        loss().backward()
        for (name, p) in model.parameters.entries where !name.hasPrefix("unimodal") {
            for i in 0..<p.count {
                let saved = p.data[i]
                p.data[i] = saved + 1e-2; let plus = loss().item
                p.data[i] = saved - 1e-2; let minus = loss().item
                p.data[i] = saved
                let numeric = (plus - minus) / 2e-2
                #expect(abs((p.grad?[i] ?? 0) - numeric) <= 1e-3 + 5e-3 * abs(numeric), "\(name)[\(i)]")
            }
        }
        // OGM-GE falls back to zeroing the other latent for a token-fusion head.
        let trainer = Trainer(configuration: TrainingConfiguration(epochs: 2, batchSize: 16, learningRate: 1e-2), model: config)
        let run = try trainer.train(OGMGE(), on: data, seed: 0)
        #expect(run.testPredictions.probabilities.allSatisfy { $0.isFinite })
        // The corruption reaches the token-fusion head: SynIB's KL term changes the outcome.
        let vanilla = try trainer.train(Vanilla(), on: data, seed: 0)
        let synib = try trainer.train(SynIB(lambda: 1, mask: .random(p: 0.5, fill: .noise(1))), on: data, seed: 0)
        #expect(synib.testPredictions != vanilla.testPredictions)
        let (_, views) = SynIB(lambda: 1, mask: .random(p: 0.5, fill: .noise(1))).latents(model, batch, withholding: [0], &step)
        var fusePass = ForwardPass.evaluation
        #expect(model.fuse(views[0].latents, &fusePass).data != model.fuse(model.encode(batch, &pass), &fusePass).data)
    }
}
