import Foundation
import Harness

/// One of our means beside a published mean of the same quantity: the difference in points and
/// how many standard errors of that difference it spans.
///
/// z = (ours − published) / √(SE_ours² + SE_published²) treats the two means as independent
/// estimates; |z| < 2 says the difference is within the seed noise of the two means (about a 95 %
/// interval). Where the publication gives no standard error, z is not computed.
struct PublishedDifference: Equatable {
    /// Our mean.
    let ours: Double
    /// Its standard error (std / √n over our seeds).
    let oursSE: Double?
    /// The published mean.
    let published: Double
    /// Its published standard error.
    let publishedSE: Double?

    /// The tolerance, in points, within which a difference counts as a match.
    static let tolerancePoints = 4.0

    /// ours − published, in percentage points.
    var points: Double { 100 * (ours - published) }

    /// The difference in units of its standard error; nil without both standard errors or when
    /// both are 0.
    var z: Double? {
        guard let a = oursSE, let b = publishedSE else { return nil }
        let se = (a * a + b * b).squareRoot()
        return se > 0 ? (ours - published) / se : nil
    }

    /// Within ±``tolerancePoints``.
    var withinTolerance: Bool { abs(points) <= Self.tolerancePoints + 1e-9 }

    /// Outside the tolerance but within two standard errors of the difference.
    var withinSeedNoise: Bool { !withinTolerance && (z.map { abs($0) < 2 } ?? false) }
}

extension ReportRenderer {
    /// Markdown: the grid's rows beside published numbers for the same cells (``PublishedValues``):
    /// ours as mean ± standard error over seeds (the statistic the publication gives), theirs, the
    /// difference of the means in points with its z (``PublishedDifference``), overall and on the
    /// synergy subset, with the file each published number came from; then a count of how many
    /// differences are within ±4 points, how many more within the seed noise, and which are
    /// neither. Empty when the grid has none.
    func publishedMarkdown() -> String {
        guard let published = report.published else { return "" }
        var out = "\n## Beside the published numbers\n\n"
        out += "Published: \(published.source). Ours: mean ± standard error over seeds (std / √n). "
            + "Δ = ours − published, in points; z = Δ / √(SE ours² + SE published²).\n\n"
        out += "| Dataset | Objective | Overall: ours | published | Δ (z) | Synergy subset: ours | published | Δ (z) | Seeds (ours / published) | Source |\n"
        out += "|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
        var differences: [(label: String, difference: PublishedDifference)] = []
        for row in report.rows {
            guard let entry = published.entry(dataset: row.dataset, objective: row.objective) else { continue }
            let n = row.perSeed.count  // the seeds with results
            func difference(_ mean: Double?, _ std: Double?, _ theirs: Double?, _ theirsSE: Double?) -> PublishedDifference? {
                guard let mean, let theirs else { return nil }
                return PublishedDifference(ours: mean, oursSE: std.map { $0 / Double(max(n, 1)).squareRoot() },
                                           published: theirs, publishedSE: theirsSE)
            }
            func meanSE(_ mean: Double?, _ se: Double?) -> String {
                guard let mean else { return "—" }
                return se.map { String(format: "%.3f ± %.3f", mean, $0) } ?? String(format: "%.3f", mean)
            }
            func delta(_ d: PublishedDifference?) -> String {
                guard let d else { return "—" }
                return String(format: "%+.1f", d.points) + (d.z.map { String(format: " (%+.1f)", $0) } ?? "")
            }
            let overall = difference(row.overallMean, row.overallStd, entry.overall, entry.overallSE)
            let subset = difference(row.synergyMean, row.synergyStd, entry.subset, entry.subsetSE)
            for (name, d) in [("overall", overall), ("synergy subset", subset)] {
                if let d { differences.append(("\(row.dataset) / \(row.objective), \(name)", d)) }
            }
            out += "| \(row.dataset) | \(row.objective) | \(meanSE(row.overallMean, overall?.oursSE)) "
                + "| \(meanSE(entry.overall, entry.overallSE)) | \(delta(overall)) "
                + "| \(meanSE(row.synergyMean, subset?.oursSE)) | \(meanSE(entry.subset, entry.subsetSE)) | \(delta(subset)) "
                + "| \(n) / \(entry.seeds.map(String.init) ?? "—") | \(entry.file) |\n"
        }
        out += Self.publishedSummary(differences)
        return out
    }

    /// "Of N published numbers, A are within ±4 points of ours; B more are within two standard
    /// errors of the difference; these C are neither: …".
    static func publishedSummary(_ differences: [(label: String, difference: PublishedDifference)]) -> String {
        guard !differences.isEmpty else { return "" }
        let tolerance = String(format: "%g", PublishedDifference.tolerancePoints)
        let within = differences.filter { $0.difference.withinTolerance }.count
        let noise = differences.filter { $0.difference.withinSeedNoise }
        let neither = differences.filter { !$0.difference.withinTolerance && !$0.difference.withinSeedNoise }
        var out = "\nOf \(differences.count) published numbers, \(within) are within ±\(tolerance) points of ours"
        out += noise.isEmpty ? "" : "; \(noise.count) more differ by more than that but by less than two standard errors of the difference (|z| < 2)"
        if neither.isEmpty { return out + ".\n" }
        out += "; \(neither.count) differ by more than both:\n\n"
        for (label, d) in neither {
            out += "- \(label): " + String(format: "%+.1f points", d.points) + (d.z.map { String(format: ", z %+.1f", $0) } ?? ", no standard error") + "\n"
        }
        return out
    }
}
