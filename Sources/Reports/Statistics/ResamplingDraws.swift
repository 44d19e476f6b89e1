import Foundation
import Tensors

/// The two draws the resampling statistics need from their ``SplitMix64``: a standard normal
/// (the stratified bootstrap's normal approximation of large strata) and an index.
extension SplitMix64 {
    /// A standard normal (Box–Muller; u1 is offset by half a step so that log(u1) is finite).
    mutating func normal() -> Double {
        let u1 = (Double(next() >> 11) + 0.5) / 9_007_199_254_740_992.0
        let u2 = Double(next() >> 11) / 9_007_199_254_740_992.0
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// Uniform in 0..<n (multiply-shift; the bias is below 2⁻³² for the sizes used here).
    mutating func below(_ n: Int) -> Int {
        Int((UInt64(UInt32(truncatingIfNeeded: next() >> 32)) &* UInt64(n)) >> 32)
    }
}
