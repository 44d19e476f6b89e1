import Foundation
import Tensors

/// Trains a ``FusionModel`` with an objective, keeps the parameters of the epoch its selection
/// rule picks (best validation accuracy or macro-F1, ties to the later epoch, or the last
/// epoch), and evaluates them on the test split. Optionally the learning rate follows a
/// ``LearningRateSchedule`` per optimiser step, and training stops early once `patience`
/// consecutive validations have not produced a new kept epoch.
///
/// Every random choice comes from streams split off `RandomStream(seed:)`: "init" (weights),
/// "shuffle" (one sub-stream per epoch), "dropout" and "mask". Same seed, same thread count
/// → identical numbers.
public struct Trainer: Sendable {
    /// Epochs, batch size, optimiser and selection.
    public var configuration: TrainingConfiguration
    /// The model's shape.
    public var model: FusionModelConfiguration

    /// A trainer.
    public init(configuration: TrainingConfiguration = .init(), model: FusionModelConfiguration = .init()) {
        self.configuration = configuration
        self.model = model
    }

    /// Trains `objective` on `data` with `seed`.
    public func train(_ objective: any TrainingObjective, on data: PreparedDataset, seed: UInt64) throws -> TrainedRun {
        try objective.validate(for: data)
        guard configuration.epochs > 0, configuration.batchSize > 0 else {
            throw ObjectiveError("training: epochs and batch size must be positive (got \(configuration.epochs), \(configuration.batchSize))")
        }
        if let problem = configuration.learningRateSchedule?.problem {
            throw ObjectiveError("training: learning-rate schedule: \(problem)")
        }
        if let patience = configuration.patience, patience < 1 {
            throw ObjectiveError("training: patience must be ≥ 1 (got \(patience))")
        }
        guard data.train.count > 0, data.valid.count > 0, data.test.count > 0 else {
            throw ObjectiveError("training: \(data.name) has an empty split (train \(data.train.count), valid \(data.valid.count), test \(data.test.count))")
        }
        let root = RandomStream(seed: seed)
        var initRNG = root.split("init")
        let net = FusionModel(inputWidths: data.inputWidths, sequenceModalities: data.sequenceModalities,
                              classes: data.classCount, configuration: model,
                              logVarianceHead: objective.needsLogVarianceHead, rng: &initRNG)
        let parameters = net.parameters
        var step = StepContext(pass: .training(root.split("dropout")), maskRNG: root.split("mask"),
                               classPrior: data.classPrior, classCount: data.classCount,
                               synergyBlocks: data.synergyBlocks, sourceBases: data.source.sourceBases,
                               latentMoments: net.encoders.map { RunningMoments(width: $0.outputWidth) })

        var best: (score: Double, epoch: Int, weights: [[Float]])? = nil
        var history: [Double] = []
        var curves = TrainingCurves(tracksSynergy: SynergySubset.byConstruction(tags: data.valid.tags) != nil)
        let validSynergyRows = SynergySubset.byConstruction(tags: data.valid.tags)?.indices
        var steps = 0
        var jointUpdates = 0  // optimiser steps of joint training: the schedule's clock
        let clock = ContinuousClock()
        let start = clock.now

        /// One pass over the training split in the order of `shuffle`, updating `trained`;
        /// returns the mean loss of its steps.
        func epoch(_ objective: any TrainingObjective, _ trained: ParameterSet, _ optimizer: inout any Optimizer,
                   shuffle: RandomStream, label: String, schedule: LearningRateSchedule? = nil) throws -> Double {
            var shuffleRNG = shuffle
            let order = shuffleRNG.permutation(data.train.count)
            var lossSum = 0.0, batches = 0
            for begin in stride(from: 0, to: order.count, by: configuration.batchSize) {
                let batch = data.train.batch(Array(order[begin..<min(begin + configuration.batchSize, order.count)]),
                                             withSequences: net.readsSequences)
                trained.zeroGrad()
                let loss = objective.accumulateGradients(net, batch, &step)
                guard loss.isFinite else {
                    throw ObjectiveError("training: \(objective.name) loss became \(loss) in \(label)")
                }
                if let clip = configuration.clipNorm { clipGradientNorm(trained, maxNorm: clip) }
                if let schedule {
                    jointUpdates += 1
                    optimizer.learningRate = schedule.learningRate(base: configuration.learningRate, update: jointUpdates)
                }
                optimizer.step()
                steps += 1
                lossSum += Double(loss)
                batches += 1
            }
            return lossSum / Double(max(batches, 1))
        }

        // Unimodal pre-training: each encoder with its own head, before the joint objective.
        if let pretraining = configuration.unimodalPretrainingEpochs, pretraining > 0, !(objective is Unimodal) {
            for m in net.encoders.indices {
                // Prefixed: an MLP encoder and its head both name their first layer "0.weight".
                let trained = net.encoders[m].parameters.prefixed("encoder") + net.unimodalHeads[m].parameters.prefixed("unimodal")
                var optimizer = configuration.optimizer.make(trained, learningRate: configuration.learningRate,
                                                             weightDecay: configuration.weightDecay)
                for e in 0..<pretraining {
                    _ = try epoch(Unimodal(modality: m), trained, &optimizer,
                                  shuffle: root.split("pretrain-\(m)").split(e), label: "pre-training of modality \(m), epoch \(e)")
                }
            }
        }

        var optimizer = configuration.optimizer.make(parameters, learningRate: configuration.learningRate,
                                                     weightDecay: configuration.weightDecay)
        let probe = MaskOracleProbe(objective, data)
        var selection = EpochSelection(patience: configuration.patience)
        for e in 0..<configuration.epochs {
            step.epoch = e
            let trainLoss = try epoch(objective, parameters, &optimizer, shuffle: root.split("shuffle").split(e), label: "epoch \(e)",
                                      schedule: configuration.learningRateSchedule)
            if let probe {
                var rng = root.split("mask-oracle").split(e)
                step.maskDiagnostics.oracleOverlap = (step.maskDiagnostics.oracleOverlap ?? [])
                    + [MaskOracleOverlap.measure(epoch: e, model: net, batch: probe.batch, support: data.source.unimodalSupport,
                                                 settings: probe.settings, rng: &rng)]
            }
            let valid = predict(objective, net, data.valid)
            let predicted = valid.predictedClasses
            curves.trainLoss.append(trainLoss)
            curves.validAccuracy.append(Evaluation.accuracy(predicted, data.valid.labels, rows: Array(data.valid.labels.indices)))
            curves.validMacroF1.append(Evaluation(predicted: predicted, labels: data.valid.labels, classCount: data.classCount).macroF1)
            if let rows = validSynergyRows { curves.validSynergyAccuracy?.append(Evaluation.accuracy(predicted, data.valid.labels, rows: rows)) }
            let score = selectionScore(valid, data.valid.labels, classCount: data.classCount)
            history.append(score)
            if selection.record(score, epoch: e) { best = (score, e, parameters.snapshot()) }
            if selection.patienceExhausted, e < configuration.epochs - 1 {
                curves.stoppedEpoch = e
                break
            }
        }
        let elapsed = clock.now - start
        parameters.restore(best!.weights)
        let predictions = predict(objective, net, data.test)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return TrainedRun(
            objective: objective.name, seed: seed, bestEpoch: best!.epoch, validationHistory: history,
            curves: curves, maskDiagnostics: step.maskDiagnostics.total.contains { $0 > 0 } ? step.maskDiagnostics : nil,
            testPredictions: predictions,
            test: Evaluation(predicted: predictions.predictedClasses, labels: data.test.labels,
                             classCount: data.classCount, tags: data.test.tags),
            trainSeconds: seconds, trainSteps: steps, trainExamplesPerSecond: Double(steps * configuration.batchSize) / max(seconds, 1e-9),
            model: net)
    }

    /// Class probabilities of the objective's evaluation logits on a split, in chunks.
    func predict(_ objective: any TrainingObjective, _ trained: FusionModel, _ split: SplitTensors) -> Predictions {
        // Through constant weights: the same numbers, but no graph keeps every chunk's
        // activations alive (at MultiBench's encoder shape that graph is gigabytes).
        predict(objective, trained, split, rows: Array(0..<split.count))
    }

    /// ``predict(_:_:_:)`` of the given rows of a split.
    func predict(_ objective: any TrainingObjective, _ trained: FusionModel, _ split: SplitTensors, rows all: [Int]) -> Predictions {
        let net = trained.frozen()
        var probabilities: [Float] = []
        probabilities.reserveCapacity(all.count * net.classCount)
        for begin in stride(from: 0, to: all.count, by: 1024) {
            let rows = Array(all[begin..<min(begin + 1024, all.count)])
            probabilities += objective.logits(net, split.batch(rows, withSequences: net.readsSequences)).softmax().data
        }
        return Predictions(probabilities: probabilities, classCount: net.classCount)
    }

    /// Higher is better: accuracy, macro-F1, or minus the cross-entropy.
    func selectionScore(_ p: Predictions, _ labels: [Int], classCount: Int) -> Double {
        switch configuration.selection {
        case .accuracy:
            return Evaluation.accuracy(p.predictedClasses, labels, rows: Array(labels.indices))
        case .macroF1:
            return Evaluation(predicted: p.predictedClasses, labels: labels, classCount: classCount).macroF1
        case .lastEpoch:
            return 0  // every epoch ties, and ties go to the later epoch
        case .loss:
            let ce = labels.enumerated().map { -Foundation.log(Double(max(p.probabilities[$0.offset * p.classCount + $0.element], 1e-12))) }
            return -ce.reduce(0, +) / Double(max(labels.count, 1))
        }
    }
}

/// The fixed held-out batch and gate settings of the mask–oracle diagnostic: the first 64
/// validation rows, as the authors' study takes them; nil unless the objective is SynIB with a
/// learned input-level mask and the data knows its unimodal support.
struct MaskOracleProbe {
    let batch: Batch
    let settings: LearnedGates

    init?(_ objective: any TrainingObjective, _ data: PreparedDataset) {
        guard let synib = objective as? SynIB, synib.level == .input, let gates = synib.mask.learnedGates,
              !data.source.unimodalSupport.isEmpty else { return nil }
        batch = data.valid.batch(Array(0..<min(64, data.valid.count)), withSequences: false)
        settings = gates
    }
}

/// The outcome of one training run.
public struct TrainedRun: Sendable {
    /// The objective's name.
    public let objective: String
    /// The run seed.
    public let seed: UInt64
    /// The epoch whose parameters were kept (0-based).
    public let bestEpoch: Int
    /// The selection score after every epoch.
    public let validationHistory: [Double]
    /// Training loss and validation metrics after every epoch.
    public let curves: TrainingCurves
    /// What SynIB's masks withheld during training (nil when nothing was corrupted).
    public let maskDiagnostics: MaskDiagnostics?
    /// Class probabilities on the test split.
    public let testPredictions: Predictions
    /// Test metrics.
    public let test: Evaluation
    /// Wall time of the training loop (validation included, test evaluation excluded).
    public let trainSeconds: Double
    /// Optimiser steps taken.
    public let trainSteps: Int
    /// Training throughput.
    public let trainExamplesPerSecond: Double
    /// The trained model (best epoch's parameters).
    public let model: FusionModel

    /// The epoch after which early stopping ended training (nil: every configured epoch ran).
    public var stoppedEpoch: Int? { curves.stoppedEpoch }
}
