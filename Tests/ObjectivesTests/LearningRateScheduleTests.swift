import Foundation
import Testing
import Tensors
@testable import Objectives

/// The authors' scheduler, replayed step by step as their code runs it: the optimiser starts at
/// the base rate (PyTorch's scheduler constructor sets lr = base); after every optimiser step
/// their `WarmupScheduler.step(step: current_step + 1)` increments its counter n and sets the
/// base rate while n < W, else calls `CosineAnnealingWarmRestarts.step(epoch: n)`, whose rate is
/// PyTorch's closed form with a logarithm for the cycle index (written out below, independently
/// of the implementation's integer walk over cycles). PyTorch floors log(x)/log(T_mult) in
/// floating point, which lands one cycle short at some boundaries when T_mult is not a power of
/// two (T_0 3, T_mult 3: step 363, where log(243)/log(3) = 4.999…); the schedule uses exact
/// integer arithmetic there, so the replay adds 1e-9 before flooring. At T_mult 1 and 2 the
/// floor is exact for every step tested.
private func authorsLearningRates(base: Double, updates: Int, warmup: Int, t0: Int, tMult: Int, etaMin: Double) -> [Double] {
    func sgdr(_ epoch: Int) -> Double {
        var tI = Double(t0), tCur = Double(epoch)
        if epoch >= t0 {
            if tMult == 1 {
                tCur = Double(epoch % t0)
            } else {
                let n = Int(Foundation.log(Double(epoch) / Double(t0) * Double(tMult - 1) + 1) / Foundation.log(Double(tMult))
                            + (tMult == 2 ? 0 : 1e-9))
                tCur = Double(epoch) - Double(t0) * (Foundation.pow(Double(tMult), Double(n)) - 1) / Double(tMult - 1)
                tI = Double(t0) * Foundation.pow(Double(tMult), Double(n))
            }
        }
        return etaMin + (base - etaMin) * (1 + Foundation.cos(Double.pi * tCur / tI)) / 2
    }
    var lr = base, used: [Double] = [], n = 0
    for _ in 0..<updates {
        used.append(lr)  // the optimiser step runs with the current rate
        n += 1
        lr = n < warmup ? base : sgdr(n)
    }
    return used
}

@Suite("Learning-rate schedule")
struct LearningRateScheduleTests {
    @Test(arguments: [(Float(5e-4), 780, 4, 2, Float(0)), (1e-3, 780, 4, 2, 0), (1e-4, 100, 4, 2, 0),
                      (1e-2, 0, 5, 1, 1e-4), (3e-3, 7, 3, 3, 1e-5)])
    func matchesTheAuthorsSchedulerReplayed(base: Float, warmup: Int, t0: Int, tMult: Int, etaMin: Float) {
        let schedule = LearningRateSchedule(warmupSteps: warmup, restartPeriod: t0, restartMultiplier: tMult,
                                            minimumLearningRate: etaMin)
        let updates = 30_000  // the longest authors' run: UR-FUNNY, ~238 steps × 100 epochs
        let expected = authorsLearningRates(base: Double(base), updates: updates, warmup: warmup, t0: t0, tMult: tMult,
                                            etaMin: Double(etaMin))
        let actual = (1...updates).map { schedule.learningRate(base: base, update: $0) }
        for k in 0..<updates {
            #expect(abs(Double(actual[k]) - expected[k]) <= 1e-6 * Double(base), "update \(k + 1): \(actual[k]) vs \(expected[k])")
        }
        // Non-trivial: the rate is held for the warm-up, then really anneals and restarts.
        #expect(actual.prefix(max(warmup, 1)).allSatisfy { $0 == base })
        let after = actual.dropFirst(max(warmup, 1))
        #expect(after.contains { $0 < base * 0.2 } && after.contains { $0 > base * 0.9 })
        #expect(Set(after).count >= min(t0, 100))
    }

    @Test func authorsDefaultsStartPartWayIntoACycle() {
        // W 780, T_0 4, T_mult 2: step 780 lies in the cycle [508, 1020) of length 512, 272 steps in.
        let s = LearningRateSchedule()
        #expect(s.warmupSteps == 780 && s.restartPeriod == 4 && s.restartMultiplier == 2 && s.minimumLearningRate == 0)
        let base: Float = 5e-4
        let expected = Double(base) * (1 + Foundation.cos(Double.pi * 272 / 512)) / 2
        #expect(abs(Double(s.learningRate(base: base, update: 781)) - expected) < 1e-10)
        #expect(s.learningRate(base: base, update: 780) == base)
    }

    @Test func problemsNameTheSetting() {
        #expect(LearningRateSchedule(warmupSteps: -1).problem?.contains("warm-up") == true)
        #expect(LearningRateSchedule(restartPeriod: 0).problem?.contains("restart period") == true)
        #expect(LearningRateSchedule(restartMultiplier: 0).problem?.contains("multiplier") == true)
        #expect(LearningRateSchedule(minimumLearningRate: -1).problem?.contains("minimum") == true)
        #expect(LearningRateSchedule().problem == nil)
    }

    /// The trainer applies the schedule: a warm-up longer than the run reproduces the constant
    /// rate exactly; annealing from the first step changes the run.
    @Test func trainerFollowsTheSchedule() throws {
        let data = tinyDataset()
        let model = FusionModelConfiguration(encoderWidths: [8], fusionWidths: [8], unimodalWidths: [8])
        var configuration = TrainingConfiguration(epochs: 4, batchSize: 16, learningRate: 1e-2)
        let constant = try Trainer(configuration: configuration, model: model).train(Vanilla(), on: data, seed: 5)
        configuration.learningRateSchedule = LearningRateSchedule(warmupSteps: 10_000)
        let held = try Trainer(configuration: configuration, model: model).train(Vanilla(), on: data, seed: 5)
        #expect(held.testPredictions == constant.testPredictions && held.curves == constant.curves)
        configuration.learningRateSchedule = LearningRateSchedule(warmupSteps: 0, restartPeriod: 2, restartMultiplier: 1)
        let annealed = try Trainer(configuration: configuration, model: model).train(Vanilla(), on: data, seed: 5)
        #expect(annealed.curves.trainLoss != constant.curves.trainLoss)
        configuration.learningRateSchedule = LearningRateSchedule(restartPeriod: 0)
        #expect(throws: ObjectiveError.self) { try Trainer(configuration: configuration, model: model).train(Vanilla(), on: data, seed: 5) }
    }

    /// Off by default, and omitted from the encoding (cell keys of existing grids unchanged).
    @Test func offByDefaultAndNotEncoded() throws {
        let c = TrainingConfiguration()
        #expect(c.learningRateSchedule == nil && c.patience == nil)
        let json = String(decoding: try JSONEncoder().encode(c), as: UTF8.self)
        #expect(!json.contains("learningRateSchedule") && !json.contains("patience"))
        var on = c
        on.learningRateSchedule = LearningRateSchedule()
        on.patience = 30
        let encoded = try JSONEncoder().encode(on)
        let decoded = try JSONDecoder().decode(TrainingConfiguration.self, from: encoded)
        #expect(decoded == on)
    }
}
