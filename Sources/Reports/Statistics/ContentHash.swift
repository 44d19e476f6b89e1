import Foundation

/// FNV-1a over text and bytes: the seed of every resampling statistic is a hash of what is
/// compared (names and the per-example outcomes), so the same store gives the same intervals
/// in every process (Swift's `hashValue` is randomised per process).
struct ContentHash {
    /// The running hash.
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// An empty hash.
    init() {}

    /// The hash of `text`.
    init(_ text: String) { add(text) }

    /// Mixes in the UTF-8 bytes of `text` and a separator.
    mutating func add(_ text: String) {
        for b in text.utf8 { add(byte: b) }
        add(byte: 0x1F)
    }

    /// Mixes in one byte.
    mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// Mixes in the bit pattern of `x`.
    mutating func add(_ x: Double) {
        var bits = x.bitPattern
        for _ in 0..<8 { add(byte: UInt8(truncatingIfNeeded: bits)); bits >>= 8 }
    }
}
