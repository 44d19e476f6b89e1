import Foundation

/// The learning rate of every optimiser step of joint training: held at the base rate for the
/// first ``warmupSteps`` steps, then cosine annealing with warm restarts (SGDR) indexed by the
/// global step count, as the SynIB authors' benchmark code runs it (docs/METHOD.md, "Learning-rate
/// schedule"): their `WarmupScheduler` (src/synib/utils/schedulers/warmup_scheduler.py) sets the
/// base rate while its step counter is below the warm-up length (it holds, it does not ramp) and
/// afterwards calls `CosineAnnealingWarmRestarts(T_0, T_mult).step(s)` with s the global step
/// (src/synib/training/pipeline/helpers/Trainer.py), so the first cosine value is taken part-way
/// into whichever restart cycle contains step W, not at the start of a cycle.
///
/// For update k = 1, 2, … (the k-th optimiser step), with base rate η and s = k − 1 the number
/// of scheduler steps taken before it:
///
///     η_k = η                                          if s < W  (including s = 0)
///     η_k = η_min + (η − η_min)·(1 + cos(π·T_cur/T_i))/2 otherwise,
///
/// where cycle i has length T_i = T_0·T_mult^i, and T_cur is s minus the lengths of the
/// cycles before the one containing s (PyTorch's `CosineAnnealingWarmRestarts` with an explicit
/// epoch argument).
public struct LearningRateSchedule: Codable, Hashable, Sendable {
    /// W: optimiser steps held at the base learning rate before the cosine restarts apply.
    public var warmupSteps: Int
    /// T_0: the length of the first cosine cycle, in optimiser steps.
    public var restartPeriod: Int
    /// T_mult: each cycle is this many times longer than the one before (≥ 1).
    public var restartMultiplier: Int
    /// η_min: the learning rate at the bottom of each cycle.
    public var minimumLearningRate: Float

    /// A schedule; the defaults are the authors' MultiBench settings (warm-up 780, T_0 4, T_mult 2,
    /// η_min 0: src/synib/training/pipeline/helpers/Loader.py, `get_scheduler`, "cosanneal").
    public init(warmupSteps: Int = 780, restartPeriod: Int = 4, restartMultiplier: Int = 2,
                minimumLearningRate: Float = 0) {
        self.warmupSteps = warmupSteps
        self.restartPeriod = restartPeriod
        self.restartMultiplier = restartMultiplier
        self.minimumLearningRate = minimumLearningRate
    }

    /// Nil when the settings are usable, else what is wrong (naming the setting).
    public var problem: String? {
        if warmupSteps < 0 { return "warm-up steps must be ≥ 0 (got \(warmupSteps))" }
        if restartPeriod < 1 { return "restart period must be ≥ 1 (got \(restartPeriod))" }
        if restartMultiplier < 1 { return "restart multiplier must be ≥ 1 (got \(restartMultiplier))" }
        if !(minimumLearningRate >= 0) { return "minimum learning rate must be ≥ 0 (got \(minimumLearningRate))" }
        return nil
    }

    /// The learning rate of update `update` (1-based) from base rate `base`.
    public func learningRate(base: Float, update: Int) -> Float {
        let s = update - 1
        if s < warmupSteps { return base }
        // Walk the cycles in exact integer arithmetic (no logarithm, so no rounding at a
        // cycle boundary); cycles double at most ~60 times before overflowing Int.
        var start = 0, length = restartPeriod
        while s >= start + length {
            start += length
            let (next, overflow) = length.multipliedReportingOverflow(by: restartMultiplier)
            if overflow { break }
            length = next
        }
        let fraction = Double(s - start) / Double(length)
        let lo = Double(minimumLearningRate), hi = Double(base)
        return Float(lo + (hi - lo) * (1 + cos(Double.pi * fraction)) / 2)
    }
}
