import Foundation
import Harness

/// `bench check`: every cell (dataset × objective) of a baseline JSON report compared with the
/// current results, metric by metric (overall accuracy and each subset), paired by seed.
///
/// Per metric, the differences d_s = current_s − baseline_s of the seeds both have give a mean
/// and a 95 % bootstrap-over-seeds interval (``SeedBootstrap``, seeded from the differences).
/// With τ the tolerance: the metric **regressed** when the whole interval lies below −τ;
/// it is **inconclusive** when the interval straddles −τ (printed with a hint to add seeds; it
/// does not fail); otherwise it is ok. A baseline seed value the current results lack is
/// **missing** and fails. Improvements never fail.
public struct CheckResult: Sendable {
    /// The outcome of one metric.
    public enum Verdict: String, Sendable {
        case ok
        case inconclusive
        case regressed
        case missing
    }

    /// One compared metric.
    public struct Line: Sendable, Equatable {
        /// The dataset label.
        public let dataset: String
        /// The objective.
        public let objective: String
        /// "overall" or the subset's name.
        public let metric: String
        /// The seeds compared.
        public let seeds: [UInt64]
        /// Mean over those seeds of the baseline and current values (fractions); nil = absent.
        public let baseline: Double?
        public let current: Double?
        /// Mean and 95 % interval of current − baseline; nil when nothing pairs.
        public let difference: Interval?
        /// The verdict.
        public let verdict: Verdict
        /// Why it is not ok ("interval entirely below −3.0 points", "seed 1 missing").
        public let reason: String?

        /// Whether this line fails the check.
        public var failed: Bool { verdict == .regressed || verdict == .missing }
    }

    /// Every compared metric, baseline order.
    public let lines: [Line]
    /// The tolerance in accuracy points.
    public let tolerance: Double
    /// The command that rewrites the baseline (named in the hint), e.g.
    /// `bench check --grid smoke --baseline my.json --update`.
    public let updateCommand: String

    /// True when nothing regressed and nothing the baseline has is missing.
    public var passed: Bool { !lines.contains { $0.failed } }

    /// The failing lines.
    public var failures: [Line] { lines.filter(\.failed) }

    /// The inconclusive lines.
    public var inconclusive: [Line] { lines.filter { $0.verdict == .inconclusive } }

    /// Compares `current` with `baseline` at `tolerance` points. Baseline seeds that the current
    /// rows did not plan (a `--seeds` restriction) are not compared.
    public init(current: [ReportRow], baseline: [ReportRow], tolerance: Double,
                updateCommand: String = "bench check --update") {
        self.tolerance = tolerance
        self.updateCommand = updateCommand
        let limit = -tolerance / 100
        var lines: [Line] = []
        for b in baseline {
            let c = current.first { $0.dataset == b.dataset && $0.objective == b.objective }
            let planned = c.map { Set($0.seeds + $0.missingSeeds) }
            let baseSeeds = b.perSeed.filter { planned?.contains($0.seed) ?? true }
            var metrics = ["overall"]
            for s in baseSeeds { for sub in s.subsets where !metrics.contains(sub.name) { metrics.append(sub.name) } }
            let now = Dictionary((c?.perSeed ?? []).map { ($0.seed, $0) }, uniquingKeysWith: { x, _ in x })
            for metric in metrics {
                var seeds: [UInt64] = [], base: [Double] = [], cur: [Double] = [], absent: [UInt64] = []
                for s in baseSeeds {
                    guard let x = s.value(metric) else { continue }
                    guard let y = now[s.seed]?.value(metric) else { absent.append(s.seed); continue }
                    seeds.append(s.seed); base.append(x); cur.append(y)
                }
                guard !seeds.isEmpty || !absent.isEmpty else { continue }
                var hash = ContentHash("check|\(b.dataset)|\(b.objective)|\(metric)")
                let differences = zip(cur, base).map { $0 - $1 }
                for d in differences { hash.add(d) }
                let interval = SeedBootstrap.interval(differences, seed: hash.value)
                var verdict = Verdict.ok, reason: String? = nil
                if c == nil {
                    verdict = .missing; reason = "cell missing"
                } else if !absent.isEmpty {
                    verdict = .missing
                    reason = "seed" + (absent.count > 1 ? "s " : " ") + absent.map(String.init).joined(separator: ", ") + " missing"
                } else if let interval, interval.high < limit {
                    verdict = .regressed
                    reason = "interval entirely below −\(String(format: "%.1f", tolerance)) points"
                } else if let interval, interval.low < limit {
                    verdict = .inconclusive
                    reason = "interval straddles −\(String(format: "%.1f", tolerance)) points"
                }
                lines.append(Line(dataset: b.dataset, objective: b.objective, metric: metric, seeds: seeds,
                                  baseline: SampleMoments.mean(base), current: SampleMoments.mean(cur), difference: interval,
                                  verdict: verdict, reason: reason))
            }
        }
        self.lines = lines
    }

    /// A Markdown table of the differences, a hint when some are inconclusive, and the summary line.
    public var text: String {
        var out = "| Dataset | Objective | Metric | Seeds | Baseline | Current | Δ [95 % CI] (points) | Status |\n"
        out += "|---|---|---|---:|---:|---:|---:|---|\n"
        for l in lines {
            let base = l.baseline.map(Numbers.percent) ?? "—", now = l.current.map(Numbers.percent) ?? "—"
            let delta = l.difference.map {
                "\(Numbers.signedPoints($0.estimate)) [\(Numbers.signedPoints($0.low)), \(Numbers.signedPoints($0.high))]"
            } ?? "—"
            let status = l.verdict == .ok ? "ok" : l.verdict.rawValue.uppercased() + (l.reason.map { " (\($0))" } ?? "")
            out += "| \(l.dataset) | \(l.objective) | \(l.metric) | \(l.seeds.count) | \(base) | \(now) | \(delta) | \(status) |\n"
        }
        let points = String(format: "%.1f", tolerance)
        let counts = Dictionary(grouping: lines, by: \.verdict).mapValues(\.count)
        if !inconclusive.isEmpty {
            out += "\nhint: \(inconclusive.count) metric(s) inconclusive: the 95 % interval of current − baseline straddles "
                + "−\(points) points, so the seeds cannot tell a regression from noise. Add seeds to the grid (and "
                + "regenerate the baseline with `\(updateCommand)`) to decide.\n"
        }
        out += "\ncheck \(passed ? "PASSED" : "FAILED"): \(lines.count) metrics — \(counts[.ok] ?? 0) ok, "
            + "\(counts[.inconclusive] ?? 0) inconclusive, \(counts[.regressed] ?? 0) regressed, \(counts[.missing] ?? 0) missing "
            + "(regressed = 95 % interval of current − baseline entirely below −\(points) points)\n"
        return out
    }
}

/// A `bench check` baseline: a JSON report (``ReportDocument``) whose rows carry per-seed values.
public struct CheckBaseline: Sendable {
    /// The file it came from.
    public let path: String
    /// Its rows.
    public let rows: [ReportRow]

    /// Reads `path` and checks that it is a baseline of `plan`: the same grid, the same cells
    /// (dataset × objective × seed; with `seedsRestricted`, the plan's seeds only need to be among
    /// the baseline's), per-seed values for every done cell, each an accuracy in [0, 1] (the JSON
    /// report's scale: fractions, not percent). Run before anything trains. Every hint names
    /// `updateCommand`, the command that rewrites this file (default: the grid's default baseline's).
    public init(path: String, plan: Plan, seedsRestricted: Bool = false, updateCommand: String? = nil) throws {
        self.path = path
        let update = updateCommand ?? "bench check --grid \(plan.grid) --update"
        guard FileManager.default.fileExists(atPath: path) else {
            throw ReportFileError(path: path, "no such baseline file; write one with `\(update)`")
        }
        let (grid, rows) = try ReportDocument.load(URL(fileURLWithPath: path))
        guard grid == plan.grid else {
            throw ReportFileError(path: path, "field 'grid' is \(grid.map { "'\($0)'" } ?? "absent"), expected '\(plan.grid)': "
                + "a baseline of another grid")
        }
        var expected: Set<String> = []
        for d in plan.datasets { for r in d.rows { for s in d.seeds { expected.insert("\(d.label)/\(r.objective)/s\(s)") } } }
        let planSeeds = Set(plan.datasets.flatMap(\.seeds))
        var present: Set<String> = []
        for r in rows {
            for s in r.seeds + r.missingSeeds where !seedsRestricted || planSeeds.contains(s) {
                present.insert("\(r.dataset)/\(r.objective)/s\(s)")
            }
            let valued = Set(r.perSeed.map(\.seed))
            if let s = r.seeds.first(where: { !valued.contains($0) }) {
                throw ReportFileError(path: path, "row \(r.dataset)/\(r.objective): field 'per_seed' has no values for seed \(s); "
                    + "expected per-seed values (regenerate with `\(update)`)")
            }
            for values in r.perSeed {
                let fields = [("overall", Optional(values.overall))] + values.subsets.map { ("subsets.\($0.name).accuracy", $0.accuracy) }
                for case let (field, value?) in fields where !(value.isFinite && (0...1).contains(value)) {
                    throw ReportFileError(path: path, "row \(r.dataset)/\(r.objective), seed \(values.seed): field 'per_seed.\(field)' "
                        + "is \(value); expected an accuracy in [0, 1] (a fraction, as `bench report --format json` writes it)")
                }
            }
        }
        let missing = expected.subtracting(present).sorted(), extra = present.subtracting(expected).sorted()
        guard missing.isEmpty && extra.isEmpty else {
            func few(_ list: [String]) -> String { list.prefix(5).joined(separator: ", ") + (list.count > 5 ? ", …" : "") }
            var parts: [String] = []
            if !missing.isEmpty { parts.append("\(missing.count) planned cell(s) absent from it (\(few(missing)))") }
            if !extra.isEmpty { parts.append("\(extra.count) cell(s) the grid does not plan (\(few(extra)))") }
            throw ReportFileError(path: path, "not the cells of grid '\(plan.grid)': " + parts.joined(separator: "; ")
                + "; regenerate with `\(update)`")
        }
        self.rows = rows
    }
}
