import Foundation
import Harness

/// A difference of SynIB against vanilla fusion on one dataset, with a bootstrap interval.
public struct Difference: Sendable, Equatable {
    /// Mean over the common seeds of (SynIB − vanilla) accuracy (fraction).
    public let estimate: Double
    /// 2.5 % and 97.5 % percentiles of the bootstrap distribution.
    public let low: Double
    public let high: Double
}

/// One row of the summary table: a SynIB variant against vanilla fusion on one dataset.
public struct SummaryRow: Sendable, Equatable {
    /// The dataset label.
    public let dataset: String
    /// Its provenance, as in the table caption.
    public let provenance: String
    /// "synib-random", "synib-learned" or "synib-oracle".
    public let variant: String
    /// The seeds both rows have.
    public let seeds: [UInt64]
    /// Δ overall accuracy.
    public let overall: Difference?
    /// The primary synergy subset's name.
    public let subset: String?
    /// Δ accuracy on it.
    public let synergy: Difference?
}

/// Δ(SynIB − vanilla) per dataset with 95 % bootstrap intervals over seeds × test examples:
/// each of ``resamples`` replicates draws the seeds with replacement and, for each drawn seed,
/// the examples of the metric's set with replacement (the same draws for both objectives, so
/// the comparison is paired), and records the mean difference in accuracy. The generator is
/// seeded from the dataset, variant and metric names: the intervals are deterministic. Sets
/// larger than ``exactLimit`` use the normal approximation of a seed's resampled mean.
public enum Summary {
    /// Bootstrap replicates.
    public static let resamples = 1000

    /// Sets of up to this many examples are resampled draw by draw; larger ones (e.g. the 30 000
    /// test examples of spurious-XOR) through the normal approximation of the resampled mean,
    /// which keeps a report well under a second.
    public static let exactLimit = 2000

    /// The SynIB variants compared with vanilla, in table order.
    public static let variants = ["synib-random", "synib-learned", "synib-oracle"]

    /// The summary rows of `report`: every dataset with a vanilla row, every SynIB variant it has.
    public static func rows(of report: Report) -> [SummaryRow] {
        var jobs: [(table: DatasetTable, variant: ReportRow, vanilla: ReportRow)] = []
        for table in report.tables {
            guard let vanilla = table.rows.first(where: { $0.objective == "vanilla" }) else { continue }
            for name in variants {
                if let v = table.rows.first(where: { $0.objective == name }) { jobs.append((table, v, vanilla)) }
            }
        }
        let work = jobs
        var results = [SummaryRow?](repeating: nil, count: work.count)
        results.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedBuffer(base: out.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: work.count) { i in
                let job = work[i]
                shared.base[i] = summarize(job.table, job.variant, job.vanilla)
            }
        }
        return results.compactMap { $0 }
    }

    static func summarize(_ table: DatasetTable, _ variant: ReportRow, _ vanilla: ReportRow) -> SummaryRow {
        let byVanilla = Dictionary(vanilla.outcomes.map { ($0.seed, $0) }, uniquingKeysWith: { a, _ in a })
        var pairs: [(SeedOutcome, SeedOutcome)] = []
        for o in variant.outcomes {
            if let v = byVanilla[o.seed], v.correct.count == o.correct.count { pairs.append((o, v)) }
        }
        let subset = table.dataset.subsets.first
        let label = "\(table.dataset.label)|\(variant.objective)"
        let overall = difference(pairs.map { (a, b) in (a.correct, b.correct, Array(a.correct.indices)) },
                                 seedText: label + "|overall")
        var synergy: Difference? = nil
        if let subset {
            let sets = pairs.compactMap { (a, b) -> ([Bool], [Bool], [Int])? in
                guard let rows = a.subsets[subset], rows == b.subsets[subset], !rows.isEmpty else { return nil }
                return (a.correct, b.correct, rows)
            }
            if sets.count == pairs.count { synergy = difference(sets, seedText: label + "|" + subset) }
        }
        return SummaryRow(dataset: table.dataset.label, provenance: table.provenance, variant: variant.objective,
                          seeds: pairs.map { $0.0.seed }, overall: overall, subset: subset, synergy: synergy)
    }

    /// The paired hierarchical bootstrap of mean(acc_a − acc_b) over the given per-seed sets.
    static func difference(_ seeds: [(a: [Bool], b: [Bool], rows: [Int])], seedText: String) -> Difference? {
        guard !seeds.isEmpty, seeds.allSatisfy({ !$0.rows.isEmpty }) else { return nil }
        // Per seed, d_i = correct_a − correct_b ∈ {−1, 0, 1} over its rows.
        let diffs: [[Int8]] = seeds.map { s in s.rows.map { Int8(s.a[$0] ? 1 : 0) - Int8(s.b[$0] ? 1 : 0) } }
        let perSeed = diffs.map { d in Double(d.reduce(0) { $0 + Int($1) }) / Double(d.count) }
        let estimate = perSeed.reduce(0, +) / Double(perSeed.count)
        var rng = SplitMix64(seed: fnv1a(seedText))
        var replicates = [Double](repeating: 0, count: resamples)
        let k = diffs.count
        // Per seed: n and the fractions of +1 and −1 differences (for the large-n approximation).
        let counts = diffs.map { d -> (n: Int, plus: Double, minus: Double) in
            let plus = d.filter { $0 > 0 }.count, minus = d.filter { $0 < 0 }.count
            return (d.count, Double(plus) / Double(d.count), Double(minus) / Double(d.count))
        }
        for r in 0..<resamples {
            var total = 0.0
            for _ in 0..<k {
                let s = rng.below(k)
                let d = diffs[s], n = d.count
                if n <= exactLimit {
                    var sum = 0
                    d.withUnsafeBufferPointer { p in
                        for _ in 0..<n { sum += Int(p[rng.below(n)]) }
                    }
                    total += Double(sum) / Double(n)
                } else {
                    // The mean of n draws of d ∈ {−1, 0, 1}: normal with the multinomial's mean and variance.
                    let (p, q) = (counts[s].plus, counts[s].minus)
                    let mean = p - q, variance = (p + q - mean * mean) / Double(n)
                    total += mean + variance.squareRoot() * rng.normal()
                }
            }
            replicates[r] = total / Double(k)
        }
        replicates.sort()
        func percentile(_ q: Double) -> Double {
            let position = q * Double(resamples - 1)
            let lo = Int(position.rounded(.down)), hi = min(lo + 1, resamples - 1)
            return replicates[lo] + (replicates[hi] - replicates[lo]) * (position - Double(lo))
        }
        return Difference(estimate: estimate, low: percentile(0.025), high: percentile(0.975))
    }

    /// FNV-1a of the UTF-8 bytes (a stable seed; Swift's `hashValue` is randomised per process).
    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }
}

/// SplitMix64: small, fast, deterministic.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
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

/// A buffer written at disjoint indices by parallel workers.
struct UncheckedBuffer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}
