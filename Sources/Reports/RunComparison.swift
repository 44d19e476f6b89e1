import Foundation
import Harness

/// `bench compare`: the results of one grid in two places (two stores — two code versions, two
/// machines — or a store and a JSON report), cell by cell and metric by metric, as paired
/// differences current − other with 95 % intervals and p-values. When both sides have the
/// per-example outcomes of a metric on the same examples for every common seed, the pairing is
/// per example (stratified bootstrap, exact McNemar); otherwise per seed (bootstrap over seeds,
/// sign-flip permutation test). p-values are Holm-corrected within each dataset and metric.
/// Comparing a store with itself gives exactly zero differences, [0, 0] intervals and p = 1.
public struct RunComparison: Sendable {
    /// The grid.
    public let grid: String
    /// What the current side is (a store path).
    public let current: String
    /// What it is compared against (a store path or JSON file).
    public let against: String
    /// Per cell and metric, current − against, in table order.
    public let comparisons: [PairedComparison]
    /// Cells ("dataset/objective") of the current side that the other side lacks.
    public let unmatched: [String]

    /// Compares `current` (a report from a store) with `against`'s rows.
    public init(current: Report, currentName: String, against rows: [ReportRow], againstName: String) {
        grid = current.grid
        self.current = currentName
        self.against = againstName
        var jobs: [(a: ReportRow, b: ReportRow, metric: String)] = []
        var unmatched: [String] = []
        for table in current.tables {
            for a in table.rows {
                guard let b = rows.first(where: { $0.dataset == a.dataset && $0.objective == a.objective }) else {
                    unmatched.append("\(a.dataset)/\(a.objective)"); continue
                }
                for metric in ["overall"] + table.dataset.subsets { jobs.append((a, b, metric)) }
            }
        }
        let work = jobs
        var results = [PairedComparison?](repeating: nil, count: work.count)
        results.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedBuffer(base: out.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: work.count) { i in
                shared.base[i] = RunComparison.compare(work[i].a, work[i].b, metric: work[i].metric, name: againstName)
            }
        }
        comparisons = PairedComparison.holmCorrected(results.compactMap { $0 })
        self.unmatched = unmatched
    }

    /// Per example when that pairs every seed both sides have values for, else per seed.
    static func compare(_ a: ReportRow, _ b: ReportRow, metric: String, name: String) -> PairedComparison? {
        let bySeed = Set(b.perSeed.filter { $0.value(metric) != nil }.map(\.seed))
        let common = a.perSeed.filter { $0.value(metric) != nil && bySeed.contains($0.seed) }.count
        if let c = PairedComparison.examples(a, b, metric: metric, reference: name), c.seeds.count >= common { return c }
        return PairedComparison.seeds(a, b, metric: metric, reference: name)
    }

    /// A Markdown table and a summary line.
    public func markdown() -> String {
        var out = "# Compare `\(grid)`: \(current) − \(against)\n\n"
        out += "Differences in accuracy points (mean over seeds) with 95 % intervals; p-values two-sided, Holm-corrected within "
            + "each dataset and metric; * = significant at α = \(ReportStatistics.alpha). Test: per-example = stratified "
            + "bootstrap over the test examples of each seed and exact McNemar on the outcomes pooled over seeds; per-seed = "
            + "bootstrap over seeds and exact sign-flip permutation over seeds (when only per-seed values pair).\n\n"
        out += "| Dataset | Objective | Metric | Seeds | n | Δ [95 % CI] | p | p (Holm) | Test |\n"
        out += "|---|---|---|---:|---:|---:|---:|---:|---|\n"
        for c in comparisons {
            out += "| \(c.dataset) | \(c.objective) | \(c.metric) | \(c.seeds.count) | \(c.n == 0 ? "—" : String(c.n)) | "
                + "\(ReportRenderer.difference(c)) | \(Numbers.pValue(c.pValue)) | \(ReportRenderer.pValue(c)) | "
                + (c.test == .exampleMcNemar ? "per-example" : "per-seed") + " |\n"
        }
        if !unmatched.isEmpty { out += "\nNot in \(against): " + unmatched.joined(separator: ", ") + "\n" }
        let significant = comparisons.filter(\.significant)
        out += "\n\(comparisons.count) comparisons, \(significant.count) significant after Holm's correction"
            + (significant.isEmpty ? "" : " (" + significant.prefix(8).map { "\($0.dataset)/\($0.objective)/\($0.metric)" }
                .joined(separator: ", ") + (significant.count > 8 ? ", …" : "") + ")") + "\n"
        return out
    }

    /// The JSON: the compared sources and one row per cell and metric (dataset, objective,
    /// metric, delta, ci_low, ci_high, p_value, p_holm, seeds, n, test); sorted keys.
    public func json() throws -> String {
        struct Document: Encodable {
            let grid: String, store: String, against: String, alpha: Double
            let rows: [PairedComparison], unmatched: [String]
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let document = Document(grid: grid, store: current, against: against, alpha: ReportStatistics.alpha,
                                rows: comparisons, unmatched: unmatched)
        return String(decoding: try encoder.encode(document), as: UTF8.self) + "\n"
    }
}
