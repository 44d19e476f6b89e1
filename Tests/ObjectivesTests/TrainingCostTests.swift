import Datasets
import Testing
import Tensors
@testable import Objectives

/// The cost model's arithmetic against a hand count, and its measurement on real steps.
@Suite("Training cost model")
struct TrainingCostTests {
    @Test func secondsMultiplyOutTheProtocol() {
        let cost = TrainingCost(secondsPerStep: 0.5, secondsPerUnimodalStep: 0.2, secondsPerEvaluatedExample: 0.01)
        // 100 training examples in batches of 32 → 4 steps; 2 modalities × 3 pre-training epochs;
        // 5 epochs of 4 steps and 40 validation examples; 60 test examples once.
        let expected = 3.0 * 2 * 4 * 0.2 + 5 * (4 * 0.5 + 40 * 0.01) + 60 * 0.01
        #expect(abs(cost.seconds(epochs: 5, pretrainingEpochs: 3, sizes: [100, 40, 60], batch: 32, modalities: 2) - expected) < 1e-12)
        #expect(cost.seconds(epochs: 10, pretrainingEpochs: 0, sizes: [100, 40, 60], batch: 32, modalities: 2)
                > cost.seconds(epochs: 5, pretrainingEpochs: 0, sizes: [100, 40, 60], batch: 32, modalities: 2))
    }

    @Test func measuredCostsArePositiveAndLeaveNoTrace() throws {
        let data = tinyDataset()
        var training = TrainingConfiguration(epochs: 2, batchSize: 8, learningRate: 1e-3, weightDecay: 0)
        training.unimodalPretrainingEpochs = 1
        let trainer = Trainer(configuration: training, model: FusionModelConfiguration(encoderWidths: [6], fusionWidths: [5], unimodalWidths: [4]))
        let cost = try trainer.measureCost(of: Vanilla(), on: data, seed: 0, steps: 2)
        #expect(cost.secondsPerStep > 0 && cost.secondsPerUnimodalStep > 0 && cost.secondsPerEvaluatedExample > 0)
        // A unimodal objective has no pre-training step; an ensemble trains nothing.
        #expect(try trainer.measureCost(of: Unimodal(modality: 0), on: data, seed: 0).secondsPerUnimodalStep == 0)
        #expect(try trainer.measureCost(of: Ensemble(), on: data, seed: 0).secondsPerStep == 0)
        // Measuring does not change what training the same seed gives.
        let a = try trainer.train(Vanilla(), on: data, seed: 3).testPredictions.probabilities
        _ = try trainer.measureCost(of: Vanilla(), on: data, seed: 3)
        #expect(try trainer.train(Vanilla(), on: data, seed: 3).testPredictions.probabilities == a)
    }
}
