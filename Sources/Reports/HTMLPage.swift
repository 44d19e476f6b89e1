import Foundation
import Harness

/// One self-contained HTML page for one or more grids. Each grid opens with the figure that
/// answers its question (``ForestPlot``: SynIB − control on the synergy subset; else the grid's
/// first figure), then its notes, its other figures, its tables (the paired comparisons and one
/// per dataset, each collapsible), the per-epoch validation curves of its datasets and any extra
/// sections; a footer names the provenance (the code version and command, or the provenance
/// file that holds them, and the data provenance per table). No scripts, no remote resources
/// (it works from `file://` offline), light and dark colour schemes (`prefers-color-scheme`).
/// Byte-stable.
public struct HTMLPage: Sendable {
    /// One grid's part of the page.
    public struct GridPart: Sendable {
        /// The grid's renderer (report, summary).
        public var renderer: ReportRenderer
        /// Its figures, drawn inline (only those with rows in the report are given).
        public var figures: [Figure]
        /// Extra sections after the figures.
        public var sections: [HTMLSection]
        /// The base name of the report files the part links to (BASE.md, BASE.tex, …); nil = the grid's name.
        public var fileBase: String?

        /// A part.
        public init(renderer: ReportRenderer, figures: [Figure] = [], sections: [HTMLSection] = [], fileBase: String? = nil) {
            self.renderer = renderer
            self.figures = figures
            self.sections = sections
            self.fileBase = fileBase
        }
    }

    /// Version and command (the page's header and footer).
    public let header: ReportHeader
    /// The grids, in page order.
    public let grids: [GridPart]

    /// A page.
    public init(header: ReportHeader, grids: [GridPart]) {
        self.header = header
        self.grids = grids
    }

    /// The file formats linked from each grid (written next to the page by `bench`).
    static let linkedFormats: [(ReportFormat, String)] = [(.md, "Markdown"), (.latex, "LaTeX"), (.csv, "CSV"), (.json, "JSON")]

    /// What the tables show, in prose (above each grid's tables).
    static let tableLegend = "Accuracy on the test split in %, mean ± sample std over seeds; the best value of each column "
        + "in bold. Synergy subsets: by-construction = examples the data marks as synergistic (XOR source, irony class); "
        + "strict/majority = misclassified by every / more than half of the unimodal models. n = subset size "
        + "(≈ mean over seeds when it varies). Irony F1 = F1 of the irony class."

    /// The page.
    public var text: String {
        let names = grids.map(\.renderer.report.grid)
        var out = HTMLPage.head(title: "synib-bench: \(names.joined(separator: ", "))")
        out += "<header>\n<h1>synib-bench results: \(HTML.escape(names.joined(separator: ", ")))</h1>\n"
        if grids.count > 1 {
            out += "<nav aria-label=\"Grids\"><ul>\n"
            for name in names { out += "<li><a href=\"#grid-\(HTMLPage.id(name))\">Grid \(HTML.escape(name))</a></li>\n" }
            out += "</ul></nav>\n"
        }
        out += "</header>\n<main>\n"
        for part in grids { out += section(part) }
        out += "</main>\n<footer>\n<h2>Provenance</h2>\n<p>\(HTMLPage.provenance(header))</p>\n<ul>\n"
        for part in grids {
            for table in part.renderer.report.tables {
                out += "<li>\(HTML.escape(part.renderer.report.grid)) / \(HTML.escape(table.dataset.label)): "
                    + "\(HTML.escape(table.provenance)); seeds \(HTML.escape(table.seeds.map(String.init).joined(separator: ", ")))</li>\n"
            }
        }
        out += "</ul>\n</footer>\n</body>\n</html>\n"
        return out
    }

    /// The document's head and the opening `<body>` tag.
    static func head(title: String) -> String {
        var out = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        out += "<meta name=\"color-scheme\" content=\"light dark\">\n"
        out += "<title>\(HTML.escape(title))</title>\n"
        return out + "<style>\n\(HTMLPage.style)</style>\n</head>\n<body>\n"
    }

    /// The header's sentence, with a link to the provenance file when it names one.
    static func provenance(_ header: ReportHeader) -> String {
        var text = HTML.inline(header.text)
        if let file = header.provenanceFile {
            text = text.replacingOccurrences(of: HTML.escape(file) + ".", with: "<a href=\"\(HTML.escape(file))\">\(HTML.escape(file))</a>.")
        }
        return text
    }

    /// The figure that answers the part's question (``ForestPlot``, else its first figure) and
    /// the declared figure it used, if any.
    static func headline(_ part: GridPart) -> (html: String, used: Figure?)? {
        let report = part.renderer.report
        if let svg = ForestPlot.svg(part.renderer) {
            return (figure(id: "answer-\(id(report.grid))", title: ForestPlot.title(part.renderer), svg: svg, kind: "answer"), nil)
        }
        guard let first = part.figures.first else { return nil }
        return (figure(id: "fig-" + id(first.file), title: first.title, svg: SVGFigure.render(first, report: report), kind: "answer"), first)
    }

    private func section(_ part: GridPart) -> String {
        let renderer = part.renderer, report = renderer.report
        var out = "<section id=\"grid-\(HTMLPage.id(report.grid))\">\n<h2>Grid \(HTML.escape(report.grid))</h2>\n"
        let headline = HTMLPage.headline(part)
        if let headline { out += headline.html }
        for note in report.notes { out += "<p class=\"note\">\(HTML.inline(note))</p>\n" }
        let base = part.fileBase ?? report.grid
        out += "<p class=\"files\">Files: "
            + HTMLPage.linkedFormats.map { format, name in
                "<a href=\"\(HTML.escape(base)).\(format.fileExtension)\">\(name)</a>"
            }.joined(separator: " · ") + "</p>\n"
        let figures = part.figures.filter { $0.file != headline?.used?.file }
        if !figures.isEmpty {
            out += "<h3>Figures</h3>\n"
            for figure in figures {
                out += HTMLPage.figure(id: "fig-" + HTMLPage.id(figure.file), title: figure.title,
                                       svg: SVGFigure.render(figure, report: report))
            }
        }
        out += "<h3>Tables</h3>\n<p class=\"note\">\(HTML.escape(HTMLPage.tableLegend))</p>\n"
        if let comparisons = comparisonTable(renderer) {
            out += "<details class=\"table\"><summary>Paired comparisons: objective − \(HTML.escape(renderer.statistics.control))</summary>\n"
                + comparisons.html + "</details>\n"
        }
        for table in report.tables {
            out += "<details class=\"table\"><summary>\(HTML.escape(table.dataset.label))</summary>\n"
            if let warning = renderer.warning(table) { out += "<p class=\"note\">\(HTML.inline(warning))</p>\n" }
            if let cards = PIDCards.html(table.dataset) { out += cards.html }
            out += HTMLPage.table(table, statistics: renderer.statistics).html + "</details>\n"
        }
        out += HTMLPage.figureSection("Per-epoch validation accuracy", id: "curves", report: report, svg: EpochCurves.svg) {
            "\($0): validation accuracy per epoch (stored training curves)"
        }
        out += HTMLPage.figureSection("Mask–oracle overlap per epoch", id: "mask-oracle", report: report, svg: EpochCurves.maskOracleSVG) {
            "\($0): learned-mask IoU with the unimodal support and destroyed fraction per epoch"
        }
        for extra in part.sections {
            out += "<h3>\(HTML.escape(extra.title))</h3>\n"
            for p in extra.paragraphs { out += "<p>\(HTML.inline(p))</p>\n" }
            for t in extra.tables { out += t.html }
            for (i, f) in extra.figures.enumerated() {
                out += HTMLPage.figure(id: "fig-\(HTMLPage.id(report.grid))-\(HTMLPage.id(extra.title))-\(i)", title: f.title, svg: f.svg)
            }
        }
        return out + "</section>\n"
    }

    /// The paired comparisons against the control objective (the Markdown's comparison table).
    private func comparisonTable(_ renderer: ReportRenderer) -> HTMLTable? {
        let comparisons = renderer.comparisonRows
        guard !comparisons.isEmpty else { return nil }
        let rows = comparisons.map { c in
            HTMLTable.Row(c.table.dataset.label, cells: [
                .init(c.objective), .init(ReportRenderer.difference(c.overall), numeric: true),
                .init(ReportRenderer.pValue(c.overall), numeric: true), .init(c.overall.map { String($0.n) } ?? "—", numeric: true),
                .init(c.subset ?? "—"), .init(ReportRenderer.difference(c.synergy), numeric: true),
                .init(ReportRenderer.pValue(c.synergy), numeric: true), .init(c.synergy.map { String($0.n) } ?? "—", numeric: true),
            ])
        }
        return HTMLTable(
            caption: renderer.comparisonMethod,
            columns: ["Dataset", "Objective", "Δ overall [95 % CI]", "p (Holm)", "n", "Synergy subset", "Δ synergy [95 % CI]",
                      "p (Holm)", "n"],
            rows: rows, kind: "comparisons")
    }

    /// A dataset's table (the Markdown table's content; bold as ``ReportStatistics`` emphasises).
    static func table(_ table: DatasetTable, statistics: ReportStatistics) -> HTMLTable {
        let modelPID = PIDCards.hasModelColumn(table.rows)
        let columns = ["Objective"] + table.columns.map { c in c.title + (c.size.map { " (\($0))" } ?? "") }
            + (modelPID ? ["Model synergy (bits)"] : []) + ["Seeds"]
        let rows = table.rows.map { r in
            HTMLTable.Row(r.objective, cells: table.columns.map { c -> HTMLTable.Cell in
                switch CellText(r, c) {
                case .absent: return .init(r.notApplicable ?? "—", numeric: true)
                case .failed: return .init("failed", numeric: true)
                case .value(let mean, let std, let seeds):
                    return .init(CellText.text(mean: mean, std: std, seeds: seeds), strong: statistics.isEmphasized(dataset: table.dataset.label, objective: r.objective,
                                                                       metric: c.metric.key), numeric: true)
                }
            } + (modelPID ? [.init(PIDCards.modelCell(r), numeric: true)] : []) + [.init(table.seedCount(r), numeric: true)])
        }
        return HTMLTable(
            caption: "\(table.dataset.label) — protocol: \(table.dataset.protocolName); provenance: \(table.provenance); seeds: "
                + table.seeds.map(String.init).joined(separator: ", "),
            columns: columns, rows: rows, kind: "dataset")
    }

    /// A `<figure>` with inline SVG (its XML declaration dropped) and a caption; `kind` is its CSS class.
    static func figure(id: String, title: String, svg: String, kind: String? = nil) -> String {
        var body = svg
        if body.hasPrefix("<?xml"), let end = body.range(of: "?>\n") { body = String(body[end.upperBound...]) }
        let cls = kind.map { " class=\"\(HTML.escape($0))\"" } ?? ""
        return "<figure id=\"\(HTML.escape(id))\"\(cls)>\n\(body)<figcaption>\(HTML.escape(title))</figcaption>\n</figure>\n"
    }

    /// A fragment identifier made of `[a-z0-9-]` from `text`.
    static func id(_ text: String) -> String {
        var out = ""
        for scalar in text.lowercased().unicodeScalars {
            if (scalar >= "a" && scalar <= "z") || (scalar >= "0" && scalar <= "9") {
                out.unicodeScalars.append(scalar)
            } else if !out.hasSuffix("-") {
                out += "-"
            }
        }
        return out
    }

    /// The page's stylesheet: system fonts, light colours with a dark variant.
    static let style = """
        :root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1b1b; --muted: #555555; --rule: #cccccc;
          --head: #f0f0f0; --link: #0b57a4; }
        @media (prefers-color-scheme: dark) {
          :root { --bg: #141414; --fg: #e8e8e8; --muted: #b0b0b0; --rule: #4a4a4a; --head: #222222; --link: #8cc4ff; }
        }
        body { background: var(--bg); color: var(--fg); margin: 0 auto; max-width: 75rem; padding: 1rem 1.5rem 3rem;
          font-family: system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; line-height: 1.45; }
        a { color: var(--link); }
        h1 { font-size: 1.6rem; } h2 { border-bottom: 1px solid var(--rule); padding-bottom: .2rem; margin-top: 2.5rem; }
        h3 { margin-top: 1.8rem; }
        .note, caption, footer { color: var(--muted); }
        .table-wrap { overflow-x: auto; }
        table { border-collapse: collapse; margin: .4rem 0 1rem; font-variant-numeric: tabular-nums; }
        caption { caption-side: top; text-align: left; padding-bottom: .35rem; }
        th, td { padding: .3rem .7rem; border-bottom: 1px solid var(--rule); text-align: left; white-space: nowrap; }
        thead th { background: var(--head); border-bottom: 2px solid var(--rule); }
        tbody th { font-weight: normal; }
        td.num { text-align: right; }
        figure { margin: 1rem 0 2rem; }
        figure svg { display: block; max-width: 100%; height: auto; background: #ffffff; border-radius: 4px; }
        figcaption { color: var(--muted); margin-top: .3rem; }
        details.table { margin: .3rem 0; } details.table > summary { cursor: pointer; font-weight: 600; padding: .2rem 0; }
        code { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: .92em; }
        footer { border-top: 1px solid var(--rule); margin-top: 3rem; }

        """
}

extension HTMLPage {
    /// A heading and one figure per table that `svg` draws (none: nothing), titled by the table's
    /// dataset label and identified by `id`, the grid and the label.
    static func figureSection(_ heading: String, id: String, report: Report, svg: (DatasetTable) -> String?,
                              title: (String) -> String) -> String {
        let figures = report.tables.compactMap { table in svg(table).map { (table, $0) } }
        guard !figures.isEmpty else { return "" }
        var out = "<h3>\(heading)</h3>\n"
        for (table, svg) in figures {
            out += HTMLPage.figure(id: "\(id)-\(HTMLPage.id(report.grid))-\(HTMLPage.id(table.dataset.label))",
                                   title: title(table.dataset.label), svg: svg)
        }
        return out
    }
}
