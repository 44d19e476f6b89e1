/// A seeded, splittable pseudo-random stream: xoshiro256** seeded through SplitMix64.
///
/// There is no global random state in synib-bench: every consumer receives a stream, and
/// independent purposes derive their own streams with ``split(_:)``:
///
/// ```swift
/// let root = RandomStream(seed: 0)
/// var initRNG = root.split("init")       // same numbers whatever "shuffle" consumes
/// var shuffleRNG = root.split("shuffle")
/// ```
public struct RandomStream: RandomNumberGenerator, Sendable {
    /// The key this stream was created from; ``split(_:)`` derives children from it, so
    /// a child does not depend on how many numbers the parent has consumed.
    public let key: UInt64
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// Creates the stream for `seed`.
    public init(seed: UInt64) {
        key = seed
        var sm = SplitMix64(seed: seed)
        s0 = sm.next()
        s1 = sm.next()
        s2 = sm.next()
        s3 = sm.next()
    }

    /// An independent stream for `purpose`, a pure function of this stream's key and the label.
    public func split(_ purpose: String) -> RandomStream {
        // FNV-1a over the UTF-8 bytes: stable across processes and platforms (unlike Hasher).
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in purpose.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01b3
        }
        var mixed = SplitMix64(seed: key ^ (h &* 0x9e37_79b9_7f4a_7c15))
        return RandomStream(seed: mixed.next())
    }

    /// An independent stream for an integer purpose (e.g. an epoch or a batch index).
    public func split(_ index: Int) -> RandomStream { split("#\(index)") }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// Runs `body` on the generator's four state words (s0 … s3, as ``next()`` uses them) and keeps
    /// what it leaves there: C kernels draw the same sequence as ``next()`` with the state in
    /// registers (dropout's masks).
    mutating func withStateWords<R>(_ body: (UnsafeMutablePointer<UInt64>) -> R) -> R {
        var words = (s0, s1, s2, s3)
        let result = withUnsafeMutablePointer(to: &words) {
            $0.withMemoryRebound(to: UInt64.self, capacity: 4) { body($0) }
        }
        (s0, s1, s2, s3) = words
        return result
    }

    /// Uniform in [0, 1) with 53 bits of precision.
    public mutating func uniformDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform in [0, 1).
    public mutating func uniform() -> Float {
        Float(next() >> 40) * 0x1.0p-24
    }

    /// Uniform in [low, high).
    public mutating func uniform(_ low: Float, _ high: Float) -> Float {
        low + (high - low) * uniform()
    }

    /// A draw from N(mean, std²) (Box–Muller in double precision; one draw per call).
    public mutating func normal(mean: Float = 0, std: Float = 1) -> Float {
        let u1 = 1.0 - uniformDouble()  // (0, 1]
        let u2 = uniformDouble()
        let z = (-2.0 * _log(u1)).squareRoot() * _cos(2.0 * Double.pi * u2)
        return mean + std * Float(z)
    }

    /// True with probability `p`.
    public mutating func bernoulli(_ p: Double) -> Bool {
        uniformDouble() < p
    }

    /// An unbiased integer in 0..<n (Lemire's multiply-and-reject).
    public mutating func int(below n: Int) -> Int {
        precondition(n > 0, "RandomStream.int(below:) needs n > 0, got \(n)")
        let bound = UInt64(n)
        var m = next().multipliedFullWidth(by: bound)
        if m.low < bound {
            let threshold = (0 &- bound) % bound
            while m.low < threshold { m = next().multipliedFullWidth(by: bound) }
        }
        return Int(m.high)
    }

    /// A uniformly random permutation of 0..<n (Fisher–Yates; identical on every platform).
    public mutating func permutation(_ n: Int) -> [Int] {
        var p = Array(0..<n)
        shuffle(&p)
        return p
    }

    /// Shuffles `array` in place (Fisher–Yates).
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            array.swapAt(i, int(below: i + 1))
        }
    }
}

#if canImport(Glibc)
import Glibc
@inline(__always) private func _log(_ x: Double) -> Double { Glibc.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Glibc.cos(x) }
#else
import Darwin
@inline(__always) private func _log(_ x: Double) -> Double { Darwin.log(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { Darwin.cos(x) }
#endif
