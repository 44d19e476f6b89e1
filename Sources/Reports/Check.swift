import Foundation
import Harness

/// `bench check`: every cell (dataset × objective) of a baseline report compared with the
/// current one on mean overall and primary-synergy-subset accuracy.
public struct CheckResult: Sendable {
    /// One compared metric.
    public struct Line: Sendable, Equatable {
        public let dataset: String
        public let objective: String
        /// "overall" or the subset's name.
        public let metric: String
        /// Baseline and current means (fractions); nil = absent.
        public let baseline: Double?
        public let current: Double?
        /// Whether this line fails the check.
        public let failed: Bool
        /// Why it failed ("fell by 2.0 points", "missing").
        public let reason: String?
    }

    /// Every compared metric, baseline order.
    public let lines: [Line]
    /// The tolerance in accuracy points.
    public let tolerance: Double

    /// True when nothing fell by more than the tolerance and no baseline cell is missing.
    public var passed: Bool { !lines.contains { $0.failed } }

    /// The failing lines.
    public var failures: [Line] { lines.filter(\.failed) }

    /// Compares `current` with `baseline`: a metric fails when it fell by more than `tolerance`
    /// points (100 × fraction) or is missing (a baseline cell absent from the current report, or a
    /// metric the baseline has and the current report lacks). Improvements never fail.
    public init(current: [ReportRow], baseline: [ReportRow], tolerance: Double) {
        self.tolerance = tolerance
        var lines: [Line] = []
        for b in baseline {
            let c = current.first { $0.dataset == b.dataset && $0.objective == b.objective }
            let metrics: [(String, Double?, Double?)] = [
                ("overall", b.overallMean, c?.overallMean),
                (b.synergySubset ?? "synergy", b.synergyMean, c?.synergySubset == b.synergySubset ? c?.synergyMean : nil),
            ]
            for (name, base, now) in metrics {
                guard base != nil || now != nil else { continue }
                var reason: String? = nil
                if c == nil {
                    reason = "cell missing"
                } else if let base, let now {
                    let delta = 100 * (now - base)
                    if delta < -tolerance { reason = String(format: "fell by %.1f points", -delta) }
                } else if base != nil {
                    reason = "metric missing"
                }
                lines.append(Line(dataset: b.dataset, objective: b.objective, metric: name, baseline: base,
                                  current: now, failed: reason != nil, reason: reason))
            }
        }
        self.lines = lines
    }

    /// A Markdown table of the deltas plus a verdict line.
    public var text: String {
        var out = "| Dataset | Objective | Metric | Baseline | Current | Δ (points) | Status |\n"
        out += "|---|---|---|---:|---:|---:|---|\n"
        for l in lines {
            let base = l.baseline.map(Numbers.percent) ?? "—", now = l.current.map(Numbers.percent) ?? "—"
            let delta = (l.baseline != nil && l.current != nil) ? Numbers.signedPoints(l.current! - l.baseline!) : "—"
            out += "| \(l.dataset) | \(l.objective) | \(l.metric) | \(base) | \(now) | \(delta) | "
                + (l.failed ? "FAIL (\(l.reason ?? ""))" : "ok") + " |\n"
        }
        let failed = failures.count
        out += failed == 0
            ? "\ncheck passed: \(lines.count) metrics within \(String(format: "%.1f", tolerance)) points of the baseline\n"
            : "\ncheck FAILED: \(failed) of \(lines.count) metrics fell by more than \(String(format: "%.1f", tolerance)) points or are missing\n"
        return out
    }

    /// Reads a baseline file (the JSON report format).
    public static func loadBaseline(_ url: URL) throws -> [ReportRow] {
        try JSONDecoder().decode([ReportRow].self, from: try Data(contentsOf: url))
    }
}
