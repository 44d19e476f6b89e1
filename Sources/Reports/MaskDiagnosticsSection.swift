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

    /// Markdown: the authors' mask–oracle diagnostic at the final epoch for the rows that have it
    /// (the set the learned gates withhold in their inner loop against the unique + redundant
    /// coordinates, beside a Bernoulli(½) mask). Empty when no row has it.
    func maskOracleMarkdown() -> String {
        let rows = report.rows.filter { $0.masks?.oracleOverlap?.isEmpty == false }
        guard !rows.isEmpty else { return "" }
        var out = "\n## Mask–oracle overlap\n\n"
        out += "The SynIB authors' diagnostic (docs/METHOD.md, \"Mask–oracle overlap\"): after every epoch the learned "
            + "mask's gates are learned on a fixed held-out batch of 64 validation examples; the coordinates they withhold "
            + "in the inner loop ({g < ½}, the predicted unimodal support) are compared with the unique + redundant "
            + "coordinates (IoU; AUROC of 1 − g), and the destroyed fraction is what the KL branch withholds under the "
            + "mask's own rule. Final epoch, mean over seeds; a Bernoulli(½) mask in brackets.\n\n"
        out += "| Dataset | Objective | IoU (random) | AUROC (random) | Destroyed fraction (random) | Seeds with IoU above random |\n"
        out += "|---|---|---:|---:|---:|---:|\n"
        for r in rows {
            guard let summary = r.masks, let last = summary.oracleOverlap?.last else { continue }
            func f(_ v: Double) -> String { String(format: "%.3f", v) }
            out += "| \(r.dataset) | \(r.objective) | \(f(last.iou)) (\(f(last.randomIoU))) | \(f(last.auroc)) (\(f(last.randomAUROC))) "
                + "| \(f(last.destroyedFraction)) (\(f(last.randomDestroyedFraction))) | \(summary.seedsAboveRandomIoU ?? 0) of \(r.seeds.count - r.missingSeeds.count) |\n"
        }
        return out
    }
}
