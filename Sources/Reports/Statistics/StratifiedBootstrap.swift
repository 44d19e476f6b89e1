import Foundation
import Tensors

/// The paired, stratified bootstrap of a difference in accuracy between two models evaluated on
/// the same test examples, one stratum per seed.
///
/// Stratum s holds the per-example differences d = correct_a − correct_b ∈ {−1, 0, 1} of seed s
/// (both models trained with seed s, evaluated on seed s's test split). The statistic is the
/// mean over strata of the stratum's mean difference — the difference of the table's
/// mean-over-seeds accuracies. A replicate resamples, within every stratum, that stratum's
/// examples with replacement (the same draws for both models: that is the pairing) and
/// recomputes the statistic; the interval is the 2.5 % and 97.5 % percentiles of
/// ``resamples`` replicates (NumPy's linear interpolation). The strata stay fixed, so the
/// interval measures the test-set sampling noise given the trained models; the seed-to-seed
/// spread is the table's ± std.
///
/// Strata larger than ``exactLimit`` examples are resampled through the normal approximation of
/// their resampled mean (the multinomial mean and variance of d), which keeps the whole paper
/// grid's statistics under two seconds (spurious-XOR has 30 000 test examples per seed).
public enum StratifiedBootstrap {
    /// Replicates per interval.
    public static let resamples = 2000

    /// Strata of up to this many examples are resampled draw by draw.
    public static let exactLimit = 2000

    /// The statistic: the mean over strata of each stratum's mean difference (nil when there is
    /// no stratum or an empty one).
    public static func estimate(_ strata: [[Int8]]) -> Double? {
        guard !strata.isEmpty, strata.allSatisfy({ !$0.isEmpty }) else { return nil }
        return strata.map { d in Double(d.reduce(0) { $0 + Int($1) }) / Double(d.count) }.reduce(0, +) / Double(strata.count)
    }

    /// One replicate from explicit draws: `indices[s]` are the resampled example indices of
    /// stratum s (as many as the stratum has examples).
    public static func replicate(_ strata: [[Int8]], indices: [[Int]]) -> Double {
        var total = 0.0
        for (d, draw) in zip(strata, indices) {
            total += Double(draw.reduce(0) { $0 + Int(d[$1]) }) / Double(draw.count)
        }
        return total / Double(strata.count)
    }

    /// The 95 % interval of the statistic from `resamples` replicates drawn with a generator
    /// seeded by `seed`; nil when ``estimate(_:)`` is. Every difference zero gives exactly
    /// ``Interval/zero``.
    public static func interval(_ strata: [[Int8]], seed: UInt64, resamples: Int = resamples) -> Interval? {
        guard let estimate = estimate(strata) else { return nil }
        if strata.allSatisfy({ $0.allSatisfy { $0 == 0 } }) { return .zero }
        var rng = SplitMix64(seed: seed)
        // Per stratum: the count of +1 and −1 (the order of a stratum's values does not change the
        // distribution of a resampled mean, so a draw r reads +1 for r < plus, −1 for
        // plus ≤ r < plus + minus, 0 otherwise).
        let counts = strata.map { d in (n: d.count, plus: d.filter { $0 > 0 }.count, minus: d.filter { $0 < 0 }.count) }
        var replicates = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            var total = 0.0
            for c in counts {
                if c.n <= exactLimit {
                    var sum = 0
                    for _ in 0..<c.n {
                        let x = rng.below(c.n)
                        sum += x < c.plus ? 1 : (x < c.plus + c.minus ? -1 : 0)
                    }
                    total += Double(sum) / Double(c.n)
                } else {
                    let p = Double(c.plus) / Double(c.n), q = Double(c.minus) / Double(c.n)
                    let mean = p - q, variance = (p + q - mean * mean) / Double(c.n)
                    total += mean + variance.squareRoot() * rng.normal()
                }
            }
            replicates[r] = total / Double(counts.count)
        }
        replicates.sort()
        return Interval(estimate: estimate, low: Percentile.linear(replicates, 0.025), high: Percentile.linear(replicates, 0.975))
    }
}
