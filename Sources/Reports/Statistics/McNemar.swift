import Foundation

/// The exact McNemar test of two classifiers on the same examples: of the discordant examples
/// (one right, the other wrong), under the null hypothesis each is equally likely to favour
/// either model, so b = #(a right, b wrong) ~ Binomial(b + c, ½). The two-sided p-value is
/// min(1, 2 · P(X ≤ min(b, c))) — what `scipy.stats.binomtest(b, b + c, 0.5).pvalue` gives
/// for the symmetric binomial. This is also the exact paired permutation (sign-flip) test of
/// the summed differences of binary outcomes, so no resampling is needed.
public enum McNemar {
    /// The two-sided exact p-value for `b` and `c` discordant examples (1 when there are none).
    public static func pValue(b: Int, c: Int) -> Double {
        let n = b + c
        guard n > 0 else { return 1 }
        let k = min(b, c)
        // log P(X = i) = log C(n, i) − n log 2, summed with log-sum-exp from the largest term (i = k).
        let logHalfN = Double(n) * log(2.0)
        func logTerm(_ i: Int) -> Double {
            lgamma(Double(n + 1)) - lgamma(Double(i + 1)) - lgamma(Double(n - i + 1)) - logHalfN
        }
        let top = logTerm(k)
        var sum = 0.0
        var i = k
        while i >= 0 {
            let t = exp(logTerm(i) - top)
            sum += t
            if t < 1e-17 * sum { break }
            i -= 1
        }
        return min(1, 2 * exp(top + log(sum)))
    }

    /// The discordant counts of paired binary outcomes: b = a right and b wrong, c = the reverse.
    public static func discordant(_ differences: [Int8]) -> (b: Int, c: Int) {
        var b = 0, c = 0
        for d in differences { if d > 0 { b += 1 } else if d < 0 { c += 1 } }
        return (b, c)
    }
}
