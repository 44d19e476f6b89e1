/// Helpers for front-padded `[N, T, D]` sequences (MultiBench layout).
enum SequenceTools {
    /// Valid length per example: T minus the number of leading all-zero time steps.
    static func frontPaddedLengths(values: [Float], n: Int, t: Int, d: Int) -> [Int] {
        var lengths = [Int](repeating: 0, count: n)
        values.withUnsafeBufferPointer { v in
            for i in 0..<n {
                var first = t
                search: for s in 0..<t {
                    let base = (i * t + s) * d
                    for j in 0..<d where v[base + j] != 0 { first = s; break search }
                }
                lengths[i] = t - first
            }
        }
        return lengths
    }

    /// True if every value of example `i` is zero.
    static func isAllZero(values: [Float], example i: Int, size: Int) -> Bool {
        values.withUnsafeBufferPointer { v in
            for j in (i * size)..<((i + 1) * size) where v[j] != 0 { return false }
            return true
        }
    }
}
