import Foundation
import Harness

/// The output formats of `bench report`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, latex, csv, json

    /// The file extension.
    public var fileExtension: String {
        switch self {
        case .md: "md"
        case .latex: "tex"
        case .csv: "csv"
        case .json: "json"
        }
    }
}

/// Renders a ``Report`` (rows gathered by the harness) as Markdown, LaTeX, CSV or JSON, with the
/// summary of SynIB against vanilla fusion. Pure functions of the report and the header: the
/// same store always gives byte-identical output.
public struct ReportRenderer: Sendable {
    /// The report.
    public let report: Report
    /// Version and command.
    public let header: ReportHeader
    /// The summary rows (computed once; the bootstrap is the expensive part).
    public let summary: [SummaryRow]
    /// Figures to reference from the Markdown (file names relative to it).
    public var figures: [(file: String, title: String)] = []

    /// A renderer; computes the summary.
    public init(report: Report, header: ReportHeader) {
        self.report = report
        self.header = header
        self.summary = Summary.rows(of: report)
    }

    /// The report in `format`.
    public func render(_ format: ReportFormat) throws -> String {
        switch format {
        case .md: markdown()
        case .latex: latex()
        case .csv: csv()
        case .json: try json()
        }
    }

    // MARK: Markdown

    /// Markdown: header, notes, summary, then per dataset a captioned table (accuracies in %).
    public func markdown() -> String {
        var out = "# Grid `\(report.grid)`\n\n\(header.text)\n\n"
        for note in report.notes { out += "> \(note)\n\n" }
        out += "Accuracy on the test split in %, mean ± sample std over seeds; the best value of each column in bold. "
            + "Synergy subsets: by-construction = examples the data marks as synergistic (XOR source, irony class); "
            + "strict/majority = misclassified by every / more than half of the unimodal models (all seeds × "
            + "modalities; per seed when the seeds' test splits differ). n = subset size (≈ mean over seeds when it "
            + "varies). Irony F1 = F1 of the irony class.\n"
        if !summary.isEmpty {
            out += "\n## Summary: SynIB − vanilla\n\n"
            out += "Differences in accuracy points (mean over seeds) with 95 % bootstrap intervals over seeds × test "
                + "examples (\(Summary.resamples) paired resamples, seeded).\n\n"
            out += "| Dataset | Provenance | SynIB | Δ overall [95 % CI] | Synergy subset | Δ synergy [95 % CI] |\n"
            out += "|---|---|---|---:|---|---:|\n"
            for s in summary {
                out += "| \(s.dataset) | \(s.provenance) | \(s.variant) | \(ReportRenderer.difference(s.overall)) | "
                    + "\(s.subset ?? "—") | \(ReportRenderer.difference(s.synergy)) |\n"
            }
        }
        for table in report.tables {
            out += "\n## \(table.dataset.label)\n\n"
            out += "**\(table.dataset.label)** — provenance: \(table.provenance); seeds: "
                + table.seeds.map(String.init).joined(separator: ", ") + "\n\n"
            if let warning = report.provenance?.warnings[table.dataset.label] { out += "\(warning)\n\n" }
            var head = "| Objective |", rule = "|---|"
            for c in table.columns {
                head += " \(c.title)\(c.size.map { " (\($0))" } ?? "") |"
                rule += "---:|"
            }
            out += head + " Seeds |\n" + rule + "---:|\n"
            for r in table.rows {
                var line = "| \(r.objective) |"
                for c in table.columns {
                    guard let v = c.value(of: r) else { line += " \(r.notApplicable ?? "—") |"; continue }
                    let text = "\(Numbers.percent(v.mean)) ± \(Numbers.percent(v.std))"
                    line += table.isBest(r, c) ? " **\(text)** |" : " \(text) |"
                }
                out += line + " \(table.seedCount(r)) |\n"
            }
        }
        out += maskDiagnosticsMarkdown()
        if !figures.isEmpty {
            out += "\n## Figures\n"
            for f in figures { out += "\n![\(f.title)](\(f.file))\n" }
        }
        if let lines = report.provenance?.lines, !lines.isEmpty {
            out += "\n## Provenance\n\nWhere the cells of this report ran (from the run store; the header names the "
                + "bench that wrote the report). Method: docs/METHOD.md.\n\n"
            for line in lines { out += "- \(line)\n" }
        }
        return out
    }

    static func difference(_ d: Difference?) -> String {
        guard let d else { return "—" }
        return "\(Numbers.signedPoints(d.estimate)) [\(Numbers.signedPoints(d.low)), \(Numbers.signedPoints(d.high))]"
    }

    // MARK: LaTeX

    /// LaTeX (booktabs): one `table` per dataset plus the summary table.
    public func latex() -> String {
        var out = "% Grid \(report.grid). Generated by `\(header.command)` (synib-bench \(header.version)).\n"
        out += "% Needs \\usepackage{booktabs}. Accuracy in %, mean $\\pm$ sample std over seeds; best per column in bold.\n"
        for note in report.notes { out += "% \(note)\n" }
        if !summary.isEmpty {
            out += "\n\\begin{table}[t]\n\\centering\n"
            out += "\\caption{SynIB $-$ vanilla on grid \\texttt{\(Latex.escape(report.grid))}: differences in accuracy points "
                + "(mean over seeds) with 95\\,\\% bootstrap intervals over seeds $\\times$ test examples.}\n"
            out += "\\begin{tabular}{lllrlr}\n\\toprule\n"
            out += "Dataset & Provenance & SynIB & $\\Delta$ overall & Synergy subset & $\\Delta$ synergy \\\\\n\\midrule\n"
            for s in summary {
                out += [Latex.escape(s.dataset), Latex.escape(s.provenance), Latex.escape(s.variant),
                        Latex.difference(s.overall), Latex.escape(s.subset ?? "—"), Latex.difference(s.synergy)]
                    .joined(separator: " & ") + " \\\\\n"
            }
            out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n"
        }
        for table in report.tables {
            out += "\n\\begin{table}[t]\n\\centering\n"
            out += "\\caption{\(Latex.escape(table.dataset.label)) --- provenance: \(Latex.escape(table.provenance)); seeds "
                + table.seeds.map(String.init).joined(separator: ", ") + ". Accuracy (\\%), mean $\\pm$ std.}\n"
            out += "\\begin{tabular}{l" + String(repeating: "r", count: table.columns.count + 1) + "}\n\\toprule\n"
            var head = ["Objective"]
            for c in table.columns {
                head.append(Latex.escape(c.title) + (c.size.map { " (" + Latex.escape($0) + ")" } ?? ""))
            }
            out += (head + ["Seeds"]).joined(separator: " & ") + " \\\\\n\\midrule\n"
            for r in table.rows {
                var cells = [Latex.escape(r.objective)]
                for c in table.columns {
                    guard let v = c.value(of: r) else { cells.append(r.notApplicable.map(Latex.escape) ?? "--"); continue }
                    let mean = Numbers.percent(v.mean)
                    cells.append((table.isBest(r, c) ? "\\textbf{\(mean)}" : mean) + " $\\pm$ " + Numbers.percent(v.std))
                }
                cells.append(table.seedCount(r))
                out += cells.joined(separator: " & ") + " \\\\\n"
            }
            out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n"
            if let warning = report.provenance?.warnings[table.dataset.label] { out += "% \(warning)\n" }
        }
        if let lines = report.provenance?.lines, !lines.isEmpty {
            out += "\n% Provenance (where the cells ran; method: docs/METHOD.md):\n"
            for line in lines { out += "% \(line)\n" }
        }
        return out
    }

    // MARK: CSV

    /// CSV: a `#` comment line (version, command), a header, then one line per dataset × objective
    /// (accuracies as fractions, 6 decimals; empty = not available).
    public func csv() -> String {
        var out = "# grid \(report.grid); generated by `\(header.command)` (synib-bench \(header.version))\n"
        out += "grid,dataset,provenance,objective,seeds,overall_mean,overall_std,synergy_subset,synergy_n,synergy_mean,"
            + "synergy_std,irony_f1_mean,irony_f1_std\n"
        for table in report.tables {
            for r in table.rows {
                let fields: [String] = [
                    r.grid, r.dataset, table.provenance, r.objective, r.seeds.map(String.init).joined(separator: " "),
                    Numbers.fraction(r.overallMean), Numbers.fraction(r.overallStd), r.synergySubset ?? "",
                    r.synergyN.map(String.init) ?? "", Numbers.fraction(r.synergyMean), Numbers.fraction(r.synergyStd),
                    Numbers.fraction(r.ironyF1Mean), Numbers.fraction(r.ironyF1Std),
                ]
                out += fields.map(CSV.field).joined(separator: ",") + "\n"
            }
        }
        return out
    }

    // MARK: JSON

    /// The rows as a JSON array (docs/HARNESS.md, "Reports"; sorted keys, pretty-printed, trailing newline).
    public func json() throws -> String {
        try ReportRenderer.json(report.rows)
    }

    /// `rows` as the report's JSON array.
    public static func json(_ rows: [ReportRow]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(rows), as: UTF8.self) + "\n"
    }
}

enum Latex {
    /// Escapes LaTeX specials and maps the Unicode symbols the tables use to math mode.
    static func escape(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "\\": out += "\\textbackslash{}"
            case "&", "%", "$", "#", "_", "{", "}": out += "\\\(ch)"
            case "~": out += "\\textasciitilde{}"
            case "^": out += "\\textasciicircum{}"
            case "±": out += "$\\pm$"
            case "≈": out += "$\\approx$"
            case "λ": out += "$\\lambda$"
            case "α": out += "$\\alpha$"
            case "Δ": out += "$\\Delta$"
            case "×": out += "$\\times$"
            case "—": out += "---"
            case "−": out += "$-$"
            default: out.append(ch)
            }
        }
        return out
    }

    static func difference(_ d: Difference?) -> String {
        guard let d else { return "--" }
        return "$\(Numbers.signedPoints(d.estimate))$ [$\(Numbers.signedPoints(d.low))$, $\(Numbers.signedPoints(d.high))$]"
    }
}

enum CSV {
    /// Quotes a field when it holds a comma, quote or newline.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
