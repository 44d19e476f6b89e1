import Foundation
import Harness

/// One paired comparison: `objective` − `reference` on one dataset and metric, with its 95 %
/// interval and p-value (raw and Holm-corrected within its family).
public struct PairedComparison: Codable, Sendable, Equatable {
    /// How the pairs were formed and tested.
    public enum Test: String, Codable, Sendable {
        /// Paired per test example within each seed: stratified bootstrap interval
        /// (``StratifiedBootstrap``), exact McNemar p-value on the outcomes pooled over seeds (``McNemar``).
        case exampleMcNemar = "per-example: stratified bootstrap CI, exact McNemar p"
        /// Paired per seed only (per-seed values, e.g. against a JSON report): bootstrap over seeds
        /// (``SeedBootstrap``), exact sign-flip permutation p-value over seeds (``SignFlipTest``).
        case seedSignFlip = "per-seed: bootstrap-over-seeds CI, sign-flip permutation p"
    }

    /// The dataset label.
    public let dataset: String
    /// The compared objective.
    public let objective: String
    /// What it is compared with: the reference objective, or "baseline"/the other store.
    public let reference: String
    /// "overall" or the subset's name.
    public let metric: String
    /// The seeds both sides have (and, for subsets, a non-empty subset).
    public let seeds: [UInt64]
    /// Examples paired, summed over those seeds (0 for per-seed pairing).
    public let n: Int
    /// Mean over seeds of (objective − reference) accuracy, a fraction.
    public let delta: Double
    /// The 95 % interval's ends.
    public let ciLow: Double
    public let ciHigh: Double
    /// The two-sided p-value.
    public let pValue: Double
    /// Holm-corrected within the family (the objectives of one table for one metric).
    public var pHolm: Double
    /// How it was tested.
    public let test: Test

    enum CodingKeys: String, CodingKey {
        case dataset, objective, reference, metric, seeds, n, delta, ciLow = "ci_low", ciHigh = "ci_high",
             pValue = "p_value", pHolm = "p_holm", test
    }

    /// A comparison.
    public init(dataset: String, objective: String, reference: String, metric: String, seeds: [UInt64], n: Int,
                interval: Interval, pValue: Double, pHolm: Double? = nil, test: Test) {
        self.dataset = dataset; self.objective = objective; self.reference = reference; self.metric = metric
        self.seeds = seeds; self.n = n; self.delta = interval.estimate; self.ciLow = interval.low; self.ciHigh = interval.high
        self.pValue = pValue; self.pHolm = pHolm ?? pValue; self.test = test
    }

    /// Significant at ``ReportStatistics/alpha`` after Holm's correction.
    public var significant: Bool { pHolm < ReportStatistics.alpha }

    /// The interval.
    public var interval: Interval { Interval(estimate: delta, low: ciLow, high: ciHigh) }

    /// `a` − `b` on `metric`, paired per test example within each common seed; nil when no seed
    /// pairs (different test sizes, or the subset is empty for every seed).
    public static func examples(_ a: ReportRow, _ b: ReportRow, metric: String, reference: String) -> PairedComparison? {
        guard let paired = PairedOutcomes(a, b, metric: metric) else { return nil }
        var hash = ContentHash("\(a.dataset)|\(a.objective)|\(reference)|\(metric)")
        for (seed, d) in zip(paired.seeds, paired.strata) {
            let (plus, minus) = McNemar.discordant(d)
            hash.add("\(seed):\(d.count):\(plus):\(minus)")
        }
        guard let interval = StratifiedBootstrap.interval(paired.strata, seed: hash.value) else { return nil }
        let (b, c) = McNemar.discordant(paired.strata.flatMap { $0 })
        return PairedComparison(dataset: a.dataset, objective: a.objective, reference: reference, metric: metric,
                                seeds: paired.seeds, n: paired.strata.reduce(0) { $0 + $1.count }, interval: interval,
                                pValue: McNemar.pValue(b: b, c: c), test: .exampleMcNemar)
    }

    /// `a` − `b` on `metric` from their per-seed values, paired by seed; nil when no seed has both.
    public static func seeds(_ a: ReportRow, _ b: ReportRow, metric: String, reference: String) -> PairedComparison? {
        let byB = Dictionary(b.perSeed.map { ($0.seed, $0) }, uniquingKeysWith: { x, _ in x })
        var seeds: [UInt64] = [], differences: [Double] = []
        for s in a.perSeed {
            guard let x = s.value(metric), let y = byB[s.seed]?.value(metric) else { continue }
            seeds.append(s.seed)
            differences.append(x - y)
        }
        var hash = ContentHash("\(a.dataset)|\(a.objective)|\(reference)|\(metric)")
        for d in differences { hash.add(d) }
        guard let interval = SeedBootstrap.interval(differences, seed: hash.value) else { return nil }
        return PairedComparison(dataset: a.dataset, objective: a.objective, reference: reference, metric: metric,
                                seeds: seeds, n: 0, interval: interval,
                                pValue: SignFlipTest.pValue(differences, seed: hash.value), test: .seedSignFlip)
    }

    /// Replaces every comparison's ``pHolm`` by Holm's correction within its family (same dataset
    /// and metric), keeping the order.
    public static func holmCorrected(_ comparisons: [PairedComparison]) -> [PairedComparison] {
        var result = comparisons
        var families: [String: [Int]] = [:]
        for (i, c) in comparisons.enumerated() { families["\(c.dataset)\u{1F}\(c.metric)", default: []].append(i) }
        for members in families.values {
            let adjusted = Holm.adjust(members.map { comparisons[$0].pValue })
            for (i, p) in zip(members, adjusted) { result[i].pHolm = p }
        }
        return result
    }
}

/// The per-example differences of two rows on one metric, one stratum per common seed.
struct PairedOutcomes {
    /// The seeds paired.
    let seeds: [UInt64]
    /// Per seed, correct_a − correct_b over the metric's examples.
    let strata: [[Int8]]

    /// Pairs `a` and `b` on `metric` ("overall" = every test example, else the subset's indices,
    /// which must be the same on both sides); seeds with different test sizes, different subsets
    /// or an empty subset are left out; nil when none is left.
    init?(_ a: ReportRow, _ b: ReportRow, metric: String) {
        let byB = Dictionary(b.outcomes.map { ($0.seed, $0) }, uniquingKeysWith: { x, _ in x })
        var seeds: [UInt64] = [], strata: [[Int8]] = []
        for x in a.outcomes {
            guard let y = byB[x.seed], x.correct.count == y.correct.count else { continue }
            let rows: [Int]
            if metric == "overall" {
                rows = Array(x.correct.indices)
            } else {
                guard let r = x.subsets[metric], r == y.subsets[metric], !r.isEmpty,
                      r.allSatisfy({ $0 >= 0 && $0 < x.correct.count }) else { continue }
                rows = r
            }
            seeds.append(x.seed)
            strata.append(rows.map { Int8(x.correct[$0] ? 1 : 0) - Int8(y.correct[$0] ? 1 : 0) })
        }
        guard !seeds.isEmpty else { return nil }
        self.seeds = seeds
        self.strata = strata
    }
}
