import Foundation
import Harness

extension ReportRenderer {
    /// Markdown: what each SynIB row's masks withheld during training — the mean withheld
    /// fraction per modality and, for input-level masks on data with a known synergy block, the
    /// overlap of the withheld coordinates with that block (precision against its chance value,
    /// recall, Jaccard index). Empty when no row has mask diagnostics.
    func maskDiagnosticsMarkdown() -> String {
        let rows = report.rows.filter { $0.masks != nil }
        guard !rows.isEmpty else { return "" }
        var out = "\n## Mask diagnostics\n\n"
        out += "What SynIB's masks withheld during training, mean over seeds: the withheld share of each modality's "
            + "coordinates and, where the mask acts on inputs with a known synergy block (the XOR tasks), the overlap of "
            + "the withheld coordinates with that block (precision, with the precision of a random mask in brackets; "
            + "recall; Jaccard index). docs/METHOD.md explains the masks.\n\n"
        out += "| Dataset | Objective | Withheld per modality (%) | Precision (chance) | Recall | Jaccard |\n"
        out += "|---|---|---|---:|---:|---:|\n"
        for r in rows {
            guard let m = r.masks else { continue }
            let fractions = m.maskedFraction.map { Numbers.percent($0) }.joined(separator: " / ")
            if let o = m.synergyOverlap {
                out += "| \(r.dataset) | \(r.objective) | \(fractions) | \(Numbers.percent(o.precision)) (\(Numbers.percent(o.chancePrecision))) "
                    + "| \(Numbers.percent(o.recall)) | \(Numbers.percent(o.jaccard)) |\n"
            } else {
                out += "| \(r.dataset) | \(r.objective) | \(fractions) | — | — | — |\n"
            }
        }
        return out
    }
}
