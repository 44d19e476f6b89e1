import Foundation
import Tensors

/// The bootstrap over seeds of a mean of per-seed paired differences (current − baseline of the
/// same seed): used when only per-seed values are available (a baseline or a JSON report).
/// A replicate draws the seeds with replacement and averages their differences; the interval is
/// the 2.5 % and 97.5 % percentiles of ``resamples`` replicates (NumPy's linear interpolation).
/// With one seed the interval is the point itself; with two, it spans the two differences.
public enum SeedBootstrap {
    /// Replicates per interval.
    public static let resamples = 2000

    /// The mean difference and its 95 % interval, drawn with a generator seeded by `seed`;
    /// nil for no differences. All differences equal gives the point interval exactly.
    public static func interval(_ differences: [Double], seed: UInt64, resamples: Int = resamples) -> Interval? {
        guard !differences.isEmpty else { return nil }
        let k = differences.count
        let estimate = differences.reduce(0, +) / Double(k)
        if differences.allSatisfy({ $0 == differences[0] }) {
            return Interval(estimate: estimate, low: differences[0], high: differences[0])
        }
        var rng = SplitMix64(seed: seed)
        var replicates = [Double](repeating: 0, count: resamples)
        for r in 0..<resamples {
            var total = 0.0
            for _ in 0..<k { total += differences[rng.below(k)] }
            replicates[r] = total / Double(k)
        }
        replicates.sort()
        return Interval(estimate: estimate, low: Percentile.linear(replicates, 0.025), high: Percentile.linear(replicates, 0.975))
    }
}
