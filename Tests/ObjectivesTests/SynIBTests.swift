import Datasets
import Foundation
import Testing
import Tensors
@testable import Objectives

@Suite("SynIB objective")
struct SynIBTests {
    let data = tinyDataset()

    @Test func lambdaZeroReproducesVanillaExactly() throws {
        let trainer = Trainer(configuration: TrainingConfiguration(epochs: 3, batchSize: 16, learningRate: 1e-2),
                              model: FusionModelConfiguration(encoderWidths: [8], fusionWidths: [8], unimodalWidths: [8], dropout: 0.1))
        let vanilla = try trainer.train(Vanilla(), on: data, seed: 11)
        for mask in [Mask.random(p: 0.5, fill: .shuffle), .learned(sparsity: 0.1), .oracle] {
            let synib = try trainer.train(SynIB(lambda: 0, mask: mask), on: data, seed: 11)
            #expect(synib.testPredictions == vanilla.testPredictions)
            #expect(synib.validationHistory == vanilla.validationHistory)
        }
        // And λ ≠ 0 does change the outcome (the KL term is not silently skipped).
        let active = try trainer.train(SynIB(lambda: 1, mask: .random(p: 0.5, fill: .noise(1))), on: data, seed: 11)
        #expect(active.testPredictions != vanilla.testPredictions)
    }

    /// Finite differences of the whole SynIB loss (task CE + λ_uni unimodal CEs + λ Σ w_m KL)
    /// with respect to the parameters of a tiny model; the masks are replayed identically on
    /// every evaluation. Tolerance: as the Tensors gradient checks (h = 1e-2, Float32).
    ///
    /// Stop-gradients are deliberate, so finite differences of the raw loss see paths that
    /// the analytic gradient must not: perturbing an encoder moves sg(z_m) (unimodal losses,
    /// anchor), and perturbing a unimodal head moves the anchor. Each case therefore checks
    /// the parameters whose every path to the loss is differentiable.
    @Test(arguments: [
        (Reference.uniform, CorruptionLevel.latent, Float(0), ["encoder", "norm", "fusion", "unimodal"]),
        (.prior, .input, 0, ["encoder", "norm", "fusion", "unimodal"]),
        (.uniform, .input, 0.5, ["fusion", "unimodal"]),
        (.anchor, .latent, 0.5, ["fusion"]),
    ])
    func fullLossMatchesFiniteDifferences(reference: Reference, level: CorruptionLevel, lambdaUni: Float,
                                          checked: [String]) {
        let model = tinyModel(data, layerNorm: true)
        let batch = data.train.batch(Array(0..<10))
        let objective = SynIB(lambda: 0.7, mask: .random(p: 0.5, fill: .noise(1)), reference: reference,
                              branchWeights: [1, 0.3], lambdaUni: lambdaUni, level: level)
        func loss() -> Tensor {
            var step = stepContext(data, model)
            return objective.loss(model, batch, &step)
        }
        var compared = 0
        finiteDifferenceCheck(model.parameters, prefixes: checked, loss: loss) { name, i, analytic, numeric in
            #expect(abs(analytic - numeric) <= 1e-3 + 5e-3 * abs(numeric), "\(name)[\(i)]: \(analytic) vs \(numeric)")
            compared += 1
        }
        #expect(compared > 50)
    }

    @Test func klToUniformIsLogCMinusEntropy() {
        let logits = Tensor.normal([7, 3], rng: &rngSeed)
        let kl = Loss.klDivergence(logits, reference: .uniform(classes: 3)).item
        #expect(abs(kl - (Float(Foundation.log(3.0)) - Loss.entropy(logits).item)) < 1e-5)
    }

    @Test func priorReferenceIsTheTrainingClassFrequencies() {
        var counts = [Float](repeating: 0, count: data.classCount)
        for y in data.train.labels { counts[y] += 1 }
        let expected = counts.map { $0 / Float(data.train.count) }
        #expect(data.classPrior == expected)
        let model = tinyModel(data)
        var step = stepContext(data, model)
        guard case .shared(let r) = Reference.prior.distribution(withheld: 0, latents: [], rows: nil, model: model, &step) else {
            Issue.record("prior must be one shared distribution"); return
        }
        #expect(r == expected)
    }

    @Test func anchorReceivesNoGradient() {
        // With λ_uni = 0 the unimodal heads appear only inside the anchor reference; if any
        // gradient leaked through the anchor, they would receive some.
        let model = tinyModel(data)
        let batch = data.train.batch(Array(0..<12))
        var step = stepContext(data, model)
        model.parameters.zeroGrad()
        SynIB(lambda: 1, mask: .random(p: 0.5, fill: .noise(1)), reference: .anchor, lambdaUni: 0)
            .loss(model, batch, &step).backward()
        for head in model.unimodalHeads {
            for p in head.parameters.tensors { #expect((p.grad ?? []).allSatisfy { $0 == 0 }) }
        }
        #expect(model.fusion.parameters.tensors.contains { ($0.grad ?? []).contains { $0 != 0 } })
    }

    @Test func oracleNeedsASynergyBlock() {
        let plain = tinyDataset(synergyBlocks: [:])
        #expect(throws: ObjectiveError.self) { try SynIB(lambda: 1, mask: .oracle).validate(for: plain) }
    }
}

nonisolated(unsafe) private var rngSeed = RandomStream(seed: 12)

@Suite("Synergy subsets")
struct SynergySubsetTests {
    // 4 predictors (2 seeds × 2 modalities) over 6 examples with labels all 1.
    let labels = [1, 1, 1, 1, 1, 1]
    let matrix: [[[Int]]] = [
        [[0, 0, 1, 0, 1, 1], [0, 0, 0, 1, 1, 1]],
        [[0, 1, 0, 0, 1, 1], [0, 0, 0, 0, 1, 1]],
    ]

    @Test func strictIsMisclassifiedByEveryPredictor() {
        let s = SynergySubset.strict(predictions: SynergySubset.predictors(matrix), labels: labels)
        #expect(s.name == "strict" && s.indices == [0])
    }

    @Test func majorityIsMisclassifiedByMoreThanHalf() {
        // Wrong counts per example: 4, 3, 3, 3, 0, 0 → more than 2 of 4.
        let s = SynergySubset.majority(predictions: SynergySubset.predictors(matrix), labels: labels)
        #expect(s.name == "majority" && s.indices == [0, 1, 2, 3])
    }

    @Test func byConstructionReadsTheSynergyTag() {
        let s = SynergySubset.byConstruction(tags: ["synergy": ["0", "1", "1", "0"]])
        #expect(s?.indices == [1, 2] && s?.name == "by-construction")
        #expect(SynergySubset.byConstruction(tags: [:]) == nil)
    }

    @Test func evaluationCountsPerClassF1AndTags() {
        let e = Evaluation(predicted: [0, 1, 1, 0], labels: [0, 1, 0, 0], classCount: 2, tags: ["k": ["a", "a", "b", "b"]])
        #expect(e.accuracy == 0.75)
        // class 0: tp 2, fp 0, fn 1 → F1 = 4/5; class 1: tp 1, fp 1, fn 0 → 2/3.
        #expect(abs(e.perClassF1[0] - 0.8) < 1e-12 && abs(e.perClassF1[1] - 2.0 / 3) < 1e-12)
        #expect(e.accuracyByTag["k"] == ["a": 1.0, "b": 0.5])
    }
}

@Suite("End to end on PID-XOR")
struct PIDXOREndToEndTests {
    @Test func oracleBeatsVanillaOnTheSynergySubset() throws {
        // docs/METHOD.md, "PID-XOR" protocol, one fixed seed, 20 epochs (≈ 10 s in release).
        let loader = DatasetLoader(dataDirectory: URL(fileURLWithPath: "/nonexistent"), cache: nil, log: { _ in })
        let data = PreparedDataset(try loader.load(.pidXOR(PIDXORParameters()), seed: 0))
        var reference = ProtocolSettings.forDataset("pid-xor")
        reference.training.epochs = 20
        let trainer = Trainer(configuration: reference.training, model: reference.model)
        let subset = try #require(SynergySubset.byConstruction(tags: data.test.tags))
        func synergyAccuracy(_ name: String) throws -> Double {
            let run = try trainer.train(try reference.objective(named: name) as! any TrainingObjective, on: data, seed: 0)
            return Evaluation.accuracy(run.testPredictions.predictedClasses, data.test.labels, rows: subset.indices)
        }
        let vanilla = try synergyAccuracy("vanilla")
        let oracle = try synergyAccuracy("synib-oracle")
        #expect(oracle - vanilla >= 0.20, "oracle \(oracle) vs vanilla \(vanilla)")
    }
}
