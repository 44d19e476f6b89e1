import Foundation

/// Percentiles of sorted samples.
enum Percentile {
    /// The `q`-quantile (0 ≤ q ≤ 1) of ascending `sorted` by linear interpolation between the
    /// closest ranks — NumPy's default (`numpy.percentile(..., method="linear")`).
    static func linear(_ sorted: [Double], _ q: Double) -> Double {
        precondition(!sorted.isEmpty, "percentile of no samples")
        let position = q * Double(sorted.count - 1)
        let lo = Int(position.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (sorted[hi] - sorted[lo]) * (position - Double(lo))
    }
}
