import Foundation
import Tensors

/// What one cell's training costs on this machine, measured on a few real steps: the seconds
/// of one training step of the objective (forward, backward, optimiser), of one unimodal
/// pre-training step, and of evaluating one example. ``seconds(epochs:pretrainingEpochs:sizes:batch:modalities:)``
/// multiplies them out to a whole cell.
public struct TrainingCost: Codable, Sendable, Equatable {
    /// Seconds per mini-batch step of the objective (0 for an objective that trains nothing).
    public var secondsPerStep: Double
    /// Seconds per mini-batch step of one modality's unimodal pre-training.
    public var secondsPerUnimodalStep: Double
    /// Seconds per evaluated example (validation after every epoch, test once).
    public var secondsPerEvaluatedExample: Double

    /// A cost.
    public init(secondsPerStep: Double, secondsPerUnimodalStep: Double, secondsPerEvaluatedExample: Double) {
        self.secondsPerStep = secondsPerStep
        self.secondsPerUnimodalStep = secondsPerUnimodalStep
        self.secondsPerEvaluatedExample = secondsPerEvaluatedExample
    }

    /// The training time of a cell: `pretrainingEpochs` epochs of unimodal pre-training per
    /// modality, then `epochs` joint epochs, each a pass over the training split in batches of
    /// `batch` and a validation pass, then one test pass. `sizes` are the train, validation and
    /// test examples.
    public func seconds(epochs: Int, pretrainingEpochs: Int, sizes: [Int], batch: Int, modalities: Int) -> Double {
        let steps = Double((sizes[0] + batch - 1) / max(batch, 1))
        let pretraining = Double(pretrainingEpochs * modalities) * steps * secondsPerUnimodalStep
        let joint = Double(epochs) * (steps * secondsPerStep + Double(sizes[1]) * secondsPerEvaluatedExample)
        return pretraining + joint + Double(sizes[2]) * secondsPerEvaluatedExample
    }
}

extension Trainer {
    /// Measures the cost of training `objective` on `data`: `steps` timed training steps (after
    /// one untimed warm-up step) on mini-batches of the training split, as many of a unimodal
    /// pre-training step when the configuration pre-trains, and the evaluation of up to
    /// `evaluated` validation examples. The model is built and trained exactly as
    /// ``train(_:on:seed:)`` does; only the number of steps differs.
    public func measureCost(of objective: any Objective, on data: PreparedDataset, seed: UInt64, steps: Int = 3,
                            evaluated: Int = 256) throws -> TrainingCost {
        let root = RandomStream(seed: seed)
        var initRNG = root.split("init")
        let net = FusionModel(inputWidths: data.inputWidths, sequenceModalities: data.sequenceModalities,
                              classes: data.classCount, configuration: model, rng: &initRNG)
        var step = StepContext(pass: .training(root.split("dropout")), maskRNG: root.split("mask"),
                               classPrior: data.classPrior, classCount: data.classCount,
                               synergyBlocks: data.synergyBlocks,
                               latentMoments: net.encoders.map { RunningMoments(width: $0.outputWidth) })
        var shuffle = root.split("shuffle")
        let order = shuffle.permutation(data.train.count)
        let batchSize = max(1, min(configuration.batchSize, data.train.count))
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18 }

        /// Seconds per step of `trained` over consecutive batches of the shuffled training split.
        func timeSteps(_ trained: any TrainingObjective, _ parameters: ParameterSet) throws -> Double {
            var optimizer = configuration.optimizer.make(parameters, learningRate: configuration.learningRate,
                                                         weightDecay: configuration.weightDecay)
            var begin = 0
            func oneStep() {
                if begin + batchSize > order.count { begin = 0 }
                let batch = data.train.batch(Array(order[begin..<(begin + batchSize)]), withSequences: net.readsSequences)
                begin += batchSize
                parameters.zeroGrad()
                _ = trained.accumulateGradients(net, batch, &step)
                optimizer.step()
            }
            try trained.validate(for: data)
            oneStep()
            return seconds(clock.measure { for _ in 0..<max(steps, 1) { oneStep() } }) / Double(max(steps, 1))
        }

        let perStep = try (objective as? any TrainingObjective).map { try timeSteps($0, net.parameters) } ?? 0
        var perUnimodal = 0.0
        if let pretraining = configuration.unimodalPretrainingEpochs, pretraining > 0, !(objective is Unimodal),
           objective is any TrainingObjective {
            perUnimodal = try timeSteps(Unimodal(modality: 0), net.encoders[0].parameters.prefixed("encoder")
                                        + net.unimodalHeads[0].parameters.prefixed("unimodal"))
        }
        let rows = Array(0..<min(evaluated, data.valid.count))
        let evaluation = seconds(clock.measure {
            _ = (objective as? any TrainingObjective).map { predict($0, net, data.valid, rows: rows) }
        })
        return TrainingCost(secondsPerStep: perStep, secondsPerUnimodalStep: perUnimodal,
                            secondsPerEvaluatedExample: rows.isEmpty ? 0 : evaluation / Double(rows.count))
    }
}
