import Foundation
import Harness

extension ReportRenderer {
    /// Markdown: the grid's rows beside published numbers for the same cells (``PublishedValues``):
    /// ours as mean ± standard error over seeds (the statistic the publication gives), theirs, and
    /// the difference of the means, overall and on the synergy subset, with the file each published
    /// number came from. Empty when the grid has none.
    func publishedMarkdown() -> String {
        guard let published = report.published else { return "" }
        var out = "\n## Beside the published numbers\n\n"
        out += "Published: \(published.source). Ours: mean ± standard error over seeds (std / √n). "
            + "Δ = ours − published, in points.\n\n"
        out += "| Dataset | Objective | Overall: ours | published | Δ | Synergy subset: ours | published | Δ | Seeds (ours / published) | Source |\n"
        out += "|---|---|---:|---:|---:|---:|---:|---:|---:|---|\n"
        for row in report.rows {
            guard let entry = published.entry(dataset: row.dataset, objective: row.objective) else { continue }
            let n = row.perSeed.count  // the seeds with results
            func ours(_ mean: Double?, _ std: Double?) -> String {
                guard let mean else { return "—" }
                let se = std.map { $0 / Double(max(n, 1)).squareRoot() }
                return se.map { String(format: "%.3f ± %.3f", mean, $0) } ?? String(format: "%.3f", mean)
            }
            func theirs(_ mean: Double?, _ se: Double?) -> String {
                guard let mean else { return "—" }
                return se.map { String(format: "%.3f ± %.3f", mean, $0) } ?? String(format: "%.3f", mean)
            }
            func delta(_ a: Double?, _ b: Double?) -> String {
                guard let a, let b else { return "—" }
                return String(format: "%+.1f", 100 * (a - b))
            }
            out += "| \(row.dataset) | \(row.objective) | \(ours(row.overallMean, row.overallStd)) | \(theirs(entry.overall, entry.overallSE)) "
                + "| \(delta(row.overallMean, entry.overall)) | \(ours(row.synergyMean, row.synergyStd)) "
                + "| \(theirs(entry.subset, entry.subsetSE)) | \(delta(row.synergyMean, entry.subset)) "
                + "| \(n) / \(entry.seeds.map(String.init) ?? "—") | \(entry.file) |\n"
        }
        return out
    }
}
