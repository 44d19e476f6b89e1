import Foundation

/// Holm's step-down correction of a family of p-values: sorted ascending p₍₁₎ ≤ … ≤ p₍ₘ₎, the
/// adjusted p₍ᵢ₎ = max over j ≤ i of min(1, (m − j + 1) · p₍ⱼ₎). Rejecting where the adjusted
/// value is below α controls the family-wise error rate at α under any dependence.
public enum Holm {
    /// The adjusted p-values, in the order of `pValues`.
    public static func adjust(_ pValues: [Double]) -> [Double] {
        let m = pValues.count
        let order = pValues.indices.sorted { (pValues[$0], $0) < (pValues[$1], $1) }
        var adjusted = [Double](repeating: 1, count: m)
        var running = 0.0
        for (rank, index) in order.enumerated() {
            running = max(running, min(1, Double(m - rank) * pValues[index]))
            adjusted[index] = running
        }
        return adjusted
    }
}
