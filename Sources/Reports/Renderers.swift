import Foundation
import Harness

/// The output formats of `bench report`.
public enum ReportFormat: String, CaseIterable, Sendable {
    case md, latex, csv, json, html

    /// The file extension.
    public var fileExtension: String {
        switch self {
        case .md: "md"
        case .latex: "tex"
        case .csv: "csv"
        case .json: "json"
        case .html: "html"
        }
    }
}

/// Renders a ``Report`` (rows gathered by the harness) as Markdown, LaTeX, CSV, JSON or HTML,
/// with the paired comparisons against the control objective and significance-aware emphasis
/// (``ReportStatistics``). Pure functions of the report and the header: the same store always
/// gives byte-identical output.
public struct ReportRenderer: Sendable {
    /// The report.
    public let report: Report
    /// Version and command.
    public let header: ReportHeader
    /// The paired comparisons and the emphasis (computed once; the bootstrap is the expensive part).
    public let statistics: ReportStatistics
    /// Figures to reference from the Markdown (file names relative to it).
    public var figures: [(file: String, title: String)] = []
    /// Figures drawn inline in the HTML page (``HTMLPage``).
    public var inlineFigures: [Figure] = []

    /// A renderer; computes the statistics against the objective `control`.
    public init(report: Report, header: ReportHeader, control: String = "vanilla") {
        self.report = report
        self.header = header
        self.statistics = ReportStatistics(report: report, control: control)
    }

    /// The report in `format`.
    public func render(_ format: ReportFormat) throws -> String {
        switch format {
        case .md: markdown()
        case .latex: latex()
        case .csv: csv()
        case .json: try json()
        case .html: HTMLPage(header: header, grids: [.init(renderer: self, figures: inlineFigures)]).text
        }
    }

    /// The comparison rows shown in the tables: per dataset with the control, every other
    /// objective with its overall and primary-subset comparisons.
    var comparisonRows: [(table: DatasetTable, objective: String, overall: PairedComparison?, subset: String?,
                          synergy: PairedComparison?)] {
        var rows: [(DatasetTable, String, PairedComparison?, String?, PairedComparison?)] = []
        for table in report.tables where table.rows.contains(where: { $0.objective == statistics.control }) {
            let subset = table.dataset.subsets.first
            for r in table.rows where r.objective != statistics.control {
                let d = table.dataset.label
                rows.append((table, r.objective, statistics.comparison(dataset: d, objective: r.objective, metric: "overall"),
                             subset, subset.flatMap { statistics.comparison(dataset: d, objective: r.objective, metric: $0) }))
            }
        }
        return rows
    }

    /// What bold means, in prose.
    static let emphasisRule = "the column's best mean and every value not significantly worse than it (exact McNemar "
        + "test on the per-example outcomes pooled over seeds against the best row, Holm-corrected over the column's "
        + "other rows, α = 0.05); irony F1 has no per-example test and is never bold"

    /// How the comparisons are computed, in prose.
    var comparisonMethod: String {
        "Differences in accuracy points (mean over seeds) of each objective minus \(statistics.control), paired per test "
            + "example: 95 % stratified bootstrap intervals (examples resampled within each seed, "
            + "\(StratifiedBootstrap.resamples) resamples seeded from the outcomes) and exact McNemar p-values on the "
            + "outcomes pooled over seeds, Holm-corrected over the objectives of each table and metric; * = significant at "
            + "α = 0.05 after correction. n = paired examples summed over seeds. The JSON report has every subset."
    }

    // MARK: Markdown

    /// Markdown: header, notes, paired comparisons, then per dataset a captioned table (accuracies in %).
    public func markdown() -> String {
        var out = "# Grid `\(report.grid)`\n\n\(header.text)\n\n"
        for note in report.notes { out += "> \(note)\n\n" }
        out += "Accuracy on the test split in %, mean ± sample std over seeds (\"(1 seed)\" when only one seed has a value; "
            + "\"failed\" when every seed of the row failed). **Bold**: " + ReportRenderer.emphasisRule + ". "
            + "Synergy subsets: by-construction = examples the data marks as synergistic (XOR source, irony class); "
            + "strict/majority = misclassified by every / more than half of the unimodal models (all seeds × "
            + "modalities; per seed when the seeds' test splits differ). n = subset size (≈ mean over seeds when it "
            + "varies). Irony F1 = F1 of the irony class.\n"
        let comparisons = comparisonRows
        if !comparisons.isEmpty {
            out += "\n## Paired comparisons: objective − \(statistics.control)\n\n" + comparisonMethod + "\n\n"
            out += "| Dataset | Objective | Δ overall [95 % CI] | p (Holm) | n | Synergy subset | Δ synergy [95 % CI] | p (Holm) | n |\n"
            out += "|---|---|---:|---:|---:|---|---:|---:|---:|\n"
            for c in comparisons {
                out += "| \(c.table.dataset.label) | \(c.objective) | \(ReportRenderer.difference(c.overall)) | "
                    + "\(ReportRenderer.pValue(c.overall)) | \(c.overall.map { String($0.n) } ?? "—") | \(c.subset ?? "—") | "
                    + "\(ReportRenderer.difference(c.synergy)) | \(ReportRenderer.pValue(c.synergy)) | "
                    + "\(c.synergy.map { String($0.n) } ?? "—") |\n"
            }
        }
        for table in report.tables {
            out += "\n## \(table.dataset.label)\n\n"
            out += "**\(table.dataset.label)** — protocol: \(table.dataset.protocolName); provenance: \(table.provenance); seeds: "
                + table.seeds.map(String.init).joined(separator: ", ") + "\n\n"
            if let warning = warning(table) { out += "\(warning)\n\n" }
            out += PIDCards.markdown(table.dataset)
            let modelPID = PIDCards.hasModelColumn(table.rows)
            var head = "| Objective |", rule = "|---|"
            for c in table.columns {
                head += " \(c.title)\(c.size.map { " (\($0))" } ?? "") |"
                rule += "---:|"
            }
            if modelPID { head += " Model synergy (bits) |"; rule += "---:|" }
            out += head + " Seeds |\n" + rule + "---:|\n"
            for r in table.rows {
                var line = "| \(r.objective) |"
                for c in table.columns {
                    let bold = statistics.isEmphasized(dataset: table.dataset.label, objective: r.objective, metric: c.metric.key)
                    switch CellText(r, c) {
                    case .absent: line += " \(r.notApplicable ?? "—") |"
                    case .failed: line += " failed |"
                    case .value(let mean, let std, let seeds):
                        let text = CellText.text(mean: mean, std: std, seeds: seeds)
                        line += bold ? " **\(text)** |" : " \(text) |"
                    }
                }
                if modelPID { line += " \(PIDCards.modelCell(r)) |" }
                out += line + " \(table.seedCount(r)) |\n"
            }
        }
        out += maskDiagnosticsMarkdown()
        out += maskOracleMarkdown()
        out += publishedMarkdown()
        if !figures.isEmpty {
            out += "\n## Figures\n"
            for f in figures { out += "\n![\(f.title)](\(f.file))\n" }
        }
        if let file = header.provenanceFile {
            out += "\n## Provenance\n\nThe code version and where the cells of this report ran: [\(file)](\(file)). "
                + "Method: docs/METHOD.md.\n"
        } else if let lines = report.provenance?.lines, !lines.isEmpty {
            out += "\n## Provenance\n\nWhere the cells of this report ran (from the run store; the header names the "
                + "bench that wrote the report). Method: docs/METHOD.md.\n\n"
            for line in lines { out += "- \(line)\n" }
        }
        return out
    }

    /// The table's warning that it mixes code versions or BLAS kernels; with a provenance file,
    /// without naming them (the file does).
    func warning(_ table: DatasetTable) -> String? {
        guard let warning = report.provenance?.warnings[table.dataset.label] else { return nil }
        guard let file = header.provenanceFile else { return warning }
        return "⚠ This table mixes cells from different code versions or BLAS kernels (\(file) names them); its numbers "
            + "are not comparable bit for bit (rerun with --force to make them uniform)."
    }

    /// "+3.1 [+2.4, +3.8]", "—" for none.
    static func difference(_ c: PairedComparison?) -> String {
        guard let c else { return "—" }
        return "\(Numbers.signedPoints(c.delta)) [\(Numbers.signedPoints(c.ciLow)), \(Numbers.signedPoints(c.ciHigh))]"
    }

    /// The Holm-corrected p-value with a star when significant, "—" for none.
    static func pValue(_ c: PairedComparison?) -> String {
        guard let c else { return "—" }
        return Numbers.pValue(c.pHolm) + (c.significant ? "*" : "")
    }

    // MARK: LaTeX

    /// One LaTeX table: its label's slug and its `table` environment.
    public struct LatexTable: Sendable, Equatable {
        /// The file-name part, e.g. "comparisons" or "pid-xor".
        public let slug: String
        /// `\begin{table}` … `\end{table}` with a `\label{tab:GRID:SLUG}`.
        public let text: String
    }

    /// The comment lines that open every LaTeX file.
    var latexPreamble: String {
        var out = "% Grid \(report.grid). \(header.text)\n"
        out += "% Needs \\usepackage{booktabs}. Accuracy in %, mean $\\pm$ sample std over seeds. Bold: "
            + ReportRenderer.emphasisRule + ".\n"
        for note in report.notes { out += "% \(note)\n" }
        return out
    }

    /// Every table as its own `table` environment with a `\label` (for `\ref` from a paper that `\input`s the file).
    public func latexTables() -> [LatexTable] {
        var tables: [LatexTable] = []
        var used: Set<String> = []
        func unique(_ slug: String) -> String {
            var s = slug, i = 2
            while used.contains(s) { s = "\(slug)-\(i)"; i += 1 }
            used.insert(s)
            return s
        }
        let comparisons = comparisonRows
        if !comparisons.isEmpty {
            let slug = unique("comparisons")
            var out = "\\begin{table}[t]\n\\centering\n"
            out += "\\caption{Objective $-$ \(Latex.escape(statistics.control)) on grid \\texttt{\(Latex.escape(report.grid))}: "
                + Latex.escape(comparisonMethod) + "}\n"
            out += "\\label{tab:\(Latex.slug(report.grid)):\(slug)}\n"
            out += "\\begin{tabular}{llrrrlrrr}\n\\toprule\n"
            out += "Dataset & Objective & $\\Delta$ overall & $p_\\mathrm{Holm}$ & $n$ & Synergy subset & $\\Delta$ synergy & "
                + "$p_\\mathrm{Holm}$ & $n$ \\\\\n\\midrule\n"
            for c in comparisons {
                out += [Latex.escape(c.table.dataset.label), Latex.escape(c.objective), Latex.difference(c.overall),
                        Latex.escape(ReportRenderer.pValue(c.overall)), c.overall.map { String($0.n) } ?? "--",
                        Latex.escape(c.subset ?? "—"), Latex.difference(c.synergy), Latex.escape(ReportRenderer.pValue(c.synergy)),
                        c.synergy.map { String($0.n) } ?? "--"]
                    .joined(separator: " & ") + " \\\\\n"
            }
            out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n"
            tables.append(LatexTable(slug: slug, text: out))
        }
        for table in report.tables {
            let slug = unique(Latex.slug(table.dataset.label))
            var out = "\\begin{table}[t]\n\\centering\n"
            out += "\\caption{\(Latex.escape(table.dataset.label)) --- provenance: \(Latex.escape(table.provenance)); seeds "
                + table.seeds.map(String.init).joined(separator: ", ") + ". Accuracy (\\%), mean $\\pm$ std.}\n"
            out += "\\label{tab:\(Latex.slug(report.grid)):\(slug)}\n"
            out += "\\begin{tabular}{l" + String(repeating: "r", count: table.columns.count + 1) + "}\n\\toprule\n"
            var head = ["Objective"]
            for c in table.columns {
                head.append(Latex.escape(c.title) + (c.size.map { " (" + Latex.escape($0) + ")" } ?? ""))
            }
            out += (head + ["Seeds"]).joined(separator: " & ") + " \\\\\n\\midrule\n"
            for r in table.rows {
                var cells = [Latex.escape(r.objective)]
                for c in table.columns {
                    let bold = statistics.isEmphasized(dataset: table.dataset.label, objective: r.objective, metric: c.metric.key)
                    switch CellText(r, c) {
                    case .absent: cells.append(r.notApplicable.map(Latex.escape) ?? "--")
                    case .failed: cells.append("failed")
                    case .value(let mean, let std, let seeds):
                        let m = Numbers.percent(mean)
                        cells.append((bold ? "\\textbf{\(m)}" : m)
                                     + (seeds >= 2 ? " $\\pm$ " + Numbers.percent(std) : " (\(seeds) seed)"))
                    }
                }
                cells.append(Latex.escape(table.seedCount(r)))
                out += cells.joined(separator: " & ") + " \\\\\n"
            }
            out += "\\bottomrule\n\\end{tabular}\n\\end{table}\n"
            if let warning = warning(table) { out += "% \(warning)\n" }
            tables.append(LatexTable(slug: slug, text: out))
        }
        return tables
    }

    /// LaTeX (booktabs): the comparisons table and one `table` per dataset, each with its `\label`.
    public func latex() -> String {
        var out = latexPreamble + latexTables().map { "\n" + $0.text }.joined()
        if header.provenanceFile == nil, let lines = report.provenance?.lines, !lines.isEmpty {
            out += "\n% Provenance (where the cells ran; method: docs/METHOD.md):\n"
            for line in lines { out += "% \(line)\n" }
        }
        return out
    }

    // MARK: CSV

    /// CSV: a header, then one line per dataset × objective (accuracies as fractions, 6 decimals;
    /// empty = not available). No comment line, so any CSV reader takes it as is; the version
    /// and command are in the JSON report.
    public func csv() -> String {
        var out = "grid,dataset,provenance,objective,seeds,failed_seeds,overall_mean,overall_std,synergy_subset,synergy_n,"
            + "synergy_mean,synergy_std,irony_f1_mean,irony_f1_std\n"
        for table in report.tables {
            for r in table.rows {
                let fields: [String] = [
                    r.grid, r.dataset, table.provenance, r.objective, r.seeds.map(String.init).joined(separator: " "),
                    r.failedSeeds.map(String.init).joined(separator: " "),
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

    /// The JSON report (``ReportDocument``: header facts, rows with per-seed values, comparisons,
    /// emphasis; docs/HARNESS.md, "Reports"; sorted keys, pretty-printed, trailing newline). Each row
    /// names the code versions and BLAS kernels of its cells; machine-specific provenance (CPU,
    /// host) stays in the other formats, so the same cells give the same JSON on any machine.
    /// With a provenance file, neither the document nor its rows name a code version.
    public func json() throws -> String {
        var rows = report.rows
        if header.provenanceFile != nil { for i in rows.indices { rows[i].codeVersions = nil } }
        return try ReportDocument(grid: report.grid, header: header, notes: report.notes, reference: statistics.control,
                                  rows: rows, comparisons: statistics.comparisons, emphasis: statistics.emphasis).json()
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
            case "<": out += "$<$"
            case ">": out += "$>$"
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

    static func difference(_ c: PairedComparison?) -> String {
        guard let c else { return "--" }
        return "$\(Numbers.signedPoints(c.delta))$ [$\(Numbers.signedPoints(c.ciLow))$, $\(Numbers.signedPoints(c.ciHigh))$]"
    }

    /// A label-safe slug: lowercase ASCII letters and digits, other runs as one "-" (λ as "lambda").
    static func slug(_ text: String) -> String {
        var out = "", dash = false
        for ch in text.replacingOccurrences(of: "λ", with: "lambda").replacingOccurrences(of: "α", with: "alpha").lowercased() {
            if ch.isASCII && (ch.isLetter || ch.isNumber) {
                if dash && !out.isEmpty { out += "-" }
                out.append(ch); dash = false
            } else {
                dash = true
            }
        }
        return out.isEmpty ? "table" : out
    }
}

enum CSV {
    /// Quotes a field when it holds a comma, quote or newline.
    static func field(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
