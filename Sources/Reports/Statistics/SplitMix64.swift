import Foundation

/// SplitMix64: a small, fast, deterministic generator for the resampling statistics. Seeded
/// from content (``ContentHash``), never from the clock, so reports are byte-stable.
struct SplitMix64 {
    var state: UInt64

    /// A generator starting from `seed`.
    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal (Box–Muller).
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
