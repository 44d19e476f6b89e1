import Foundation
import Testing
import Tensors
@testable import Objectives

@Suite("Early stopping")
struct EarlyStoppingTests {
    /// Naive: after epoch e the kept epoch is the last position of the maximum of scores[0...e];
    /// training stops at the first e (before the last epoch) at least P epochs after it.
    private func naive(_ scores: [Double], patience: Int?) -> (kept: Int, stopped: Int?) {
        for e in scores.indices {
            let prefix = scores[0...e]
            let kept = prefix.lastIndex(of: prefix.max()!)!
            if let patience, e - kept >= patience, e < scores.count - 1 { return (kept, e) }
        }
        return (scores.lastIndex(of: scores.max()!)!, nil)
    }

    @Test func matchesANaiveLoopOverSyntheticScores() {
        var rng = RandomStream(seed: 41)
        var stopped = 0, ran = 0
        for trial in 0..<400 {
            let epochs = 1 + trial % 25
            // Coarse scores (ties are common), drifting up then down.
            let scores = (0..<epochs).map { e in (Double(Int(rng.uniform(0, 6))) + Double(min(e, 8))) / 10 }
            let patience: Int? = trial % 7 == 0 ? nil : 1 + trial % 6
            var selection = EpochSelection(patience: patience)
            var kept = -1, stop: Int? = nil
            for (e, s) in scores.enumerated() {
                if selection.record(s, epoch: e) { kept = e }
                if selection.patienceExhausted, e < epochs - 1 { stop = e; break }
            }
            let expected = naive(scores, patience: patience)
            #expect(kept == expected.kept && stop == expected.stopped, "trial \(trial): \(scores) P \(String(describing: patience))")
            if stop != nil { stopped += 1 } else { ran += 1 }
        }
        // Non-trivial: both outcomes occur often.
        #expect(stopped > 50 && ran > 50)
    }

    @Test func tiesGoToTheLaterEpochAndResetThePatience() {
        var s = EpochSelection(patience: 2)
        var kept: [Bool] = []
        var exhausted: [Bool] = []
        for (e, score) in [0.5, 0.4, 0.5, 0.1, 0.1].enumerated() {
            kept.append(s.record(score, epoch: e))
            exhausted.append(s.patienceExhausted)
        }
        // A tie (epoch 2) is kept and resets the count; two lower scores then exhaust P = 2.
        #expect(kept == [true, false, true, false, false])
        #expect(exhausted == [false, false, false, false, true])
        #expect(s.keptEpoch == 2 && s.bestScore == 0.5)
    }

    /// A real run where it triggers: the stopped run is the prefix of the full run, the kept
    /// epoch is the best one, and it ended exactly P validations after it.
    @Test func stopsARealRunAndKeepsTheBestEpoch() throws {
        let data = tinyDataset()
        let model = FusionModelConfiguration(encoderWidths: [8], fusionWidths: [8], unimodalWidths: [8])
        var configuration = TrainingConfiguration(epochs: 40, batchSize: 16, learningRate: 3e-2)
        let full = try Trainer(configuration: configuration, model: model).train(Vanilla(), on: data, seed: 7)
        #expect(full.stoppedEpoch == nil && full.curves.validAccuracy.count == 40)
        configuration.patience = 3
        let run = try Trainer(configuration: configuration, model: model).train(Vanilla(), on: data, seed: 7)
        let stopped = try #require(run.stoppedEpoch)
        #expect(stopped < 39)
        #expect(run.validationHistory.count == stopped + 1 && run.curves.validAccuracy.count == stopped + 1)
        #expect(run.validationHistory == Array(full.validationHistory.prefix(stopped + 1)))
        #expect(run.curves.trainLoss == Array(full.curves.trainLoss.prefix(stopped + 1)))
        let best = run.validationHistory.max()!
        #expect(run.bestEpoch == run.validationHistory.lastIndex(of: best))
        #expect(stopped - run.bestEpoch == 3)
        // The record survives the stored encoding.
        let decoded = try JSONDecoder().decode(TrainingCurves.self, from: try JSONEncoder().encode(run.curves))
        #expect(decoded.stoppedEpoch == stopped)
        #expect(!String(decoding: try JSONEncoder().encode(full.curves), as: UTF8.self).contains("stopped_epoch"))
    }
}
