/// SplitMix64 (Steele, Lea & Flood, "Fast splittable pseudorandom number generators", 2014): a
/// 64-bit counter advanced by the golden-ratio increment, each value mixed by two
/// xor-shift-multiply rounds. ``RandomStream`` seeds its xoshiro256** state with it, and the
/// report statistics resample with it, seeded from content (never from the clock) so that a
/// report is a function of its rows.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The counter; ``next()`` advances it, then mixes it.
    public var state: UInt64

    /// A generator whose first output mixes `seed` + the increment.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 53 bits of precision.
    public mutating func uniformDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
