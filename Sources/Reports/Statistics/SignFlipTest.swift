import Foundation
import Tensors

/// The paired permutation test over seeds: under the null hypothesis the sign of each seed's
/// difference (current − baseline) is exchangeable, so the p-value is the share of the 2^k sign
/// assignments whose |mean| is at least the observed |mean| (two-sided, exact up to
/// ``exactLimit`` seeds, else ``samples`` seeded random assignments). With k seeds the smallest
/// possible p-value is 2 / 2^k: two seeds can never be significant.
public enum SignFlipTest {
    /// Up to this many seeds every assignment is enumerated.
    public static let exactLimit = 16
    /// Random assignments beyond it.
    public static let samples = 20_000

    /// The two-sided p-value of the mean of `differences` (1 for none or all zero).
    public static func pValue(_ differences: [Double], seed: UInt64 = 0) -> Double {
        let k = differences.count
        guard k > 0, differences.contains(where: { $0 != 0 }) else { return 1 }
        let observed = abs(differences.reduce(0, +))
        let tolerance = 1e-12 * max(1, differences.map(abs).reduce(0, +))
        func sum(_ signs: UInt64) -> Double {
            var s = 0.0
            for (i, d) in differences.enumerated() { s += (signs >> UInt64(i)) & 1 == 1 ? -d : d }
            return s
        }
        if k <= exactLimit {
            let total = UInt64(1) << UInt64(k)
            var extreme = 0
            for signs in 0..<total where abs(sum(signs)) >= observed - tolerance { extreme += 1 }
            return Double(extreme) / Double(total)
        }
        var rng = SplitMix64(seed: seed)
        var extreme = 1  // the observed assignment counts (keeps p > 0)
        for _ in 0..<samples {
            var s = 0.0
            for d in differences { s += rng.next() & 1 == 1 ? -d : d }
            if abs(s) >= observed - tolerance { extreme += 1 }
        }
        return Double(extreme) / Double(samples + 1)
    }
}
