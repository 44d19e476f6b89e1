import Foundation
import Harness

/// The figure that answers a grid's question first: a forest plot of objective − control on
/// each dataset's primary synergy subset, one row per dataset × objective, with the paired 95 %
/// interval as a whisker and a filled marker where the Holm-corrected McNemar test is significant
/// (``ReportStatistics``). The objectives shown are the SynIB ones when the grid has any (their
/// difference from vanilla is the paper's claim), else every compared objective. Nil when the
/// report has no such comparison. Hand-written SVG, deterministic text.
public enum ForestPlot {
    /// One row of the plot.
    struct Row {
        let dataset: String
        let objective: String
        let subset: String
        let comparison: PairedComparison
    }

    /// The rows of `statistics` for `report`, in table order.
    static func rows(_ report: Report, statistics: ReportStatistics) -> [Row] {
        var all: [Row] = []
        for table in report.tables {
            guard let subset = table.dataset.subsets.first else { continue }
            for r in table.rows where r.objective != statistics.control {
                if let c = statistics.comparison(dataset: table.dataset.label, objective: r.objective, metric: subset) {
                    all.append(Row(dataset: table.dataset.label, objective: r.objective, subset: subset, comparison: c))
                }
            }
        }
        let synib = all.filter { $0.objective.hasPrefix("synib") }
        return synib.isEmpty ? all : synib
    }

    /// The title the page gives the figure.
    public static func title(_ renderer: ReportRenderer) -> String {
        "Grid \(renderer.report.grid): \(compared(rows(renderer.report, statistics: renderer.statistics))) − "
            + "\(renderer.statistics.control) on the synergy subset"
    }

    /// "SynIB" when the rows are SynIB objectives, else "objective".
    static func compared(_ rows: [Row]) -> String {
        rows.allSatisfy { $0.objective.hasPrefix("synib") } ? "SynIB" : "objective"
    }

    /// The SVG, nil when there is nothing to compare.
    public static func svg(_ renderer: ReportRenderer) -> String? {
        let rows = rows(renderer.report, statistics: renderer.statistics)
        guard !rows.isEmpty else { return nil }
        let control = renderer.statistics.control
        let rowHeight = 20.0, labelWidth = 290.0, plotW = 380.0, right = 30.0
        let top = 66.0, bottom = 58.0
        let width = labelWidth + plotW + right, height = top + Double(rows.count) * rowHeight + bottom
        // x range in points: the intervals and 0, widened to multiples of 10.
        let values: [Double] = rows.flatMap { [100 * $0.comparison.ciLow, 100 * $0.comparison.ciHigh] } + [0]
        let low = values.min() ?? 0, high = values.max() ?? 0
        let step = tickStep(high - low)
        let xMin = (low / step).rounded(.down) * step
        let xMax = max((high / step).rounded(.up) * step, xMin + step)
        func px(_ points: Double) -> Double { labelWidth + (points - xMin) / (xMax - xMin) * plotW }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }
        let xml = SVGFigure.xml

        let title = "\(compared(rows)) − \(control): synergy-subset accuracy (points)"
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\" "
            + "font-size=\"\(Int(SVGFigure.fontSize))\">\n"
        out += "<title>\(xml(title))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"\(f(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(xml(title))</text>\n"
        out += "<text x=\"\(f(width / 2))\" y=\"40\" text-anchor=\"middle\" fill=\"#555555\">"
            + "paired 95 % interval per dataset and objective; filled: significant (McNemar, Holm)</text>\n"
        // Grid lines and x ticks.
        out += "<g class=\"x-ticks\">\n"
        var t = xMin
        while t <= xMax + 1e-9 {
            let x = px(t)
            out += "<line x1=\"\(f(x))\" y1=\"\(f(top - 6))\" x2=\"\(f(x))\" y2=\"\(f(height - bottom))\" stroke=\"#e5e5e5\"/>\n"
            out += "<text x=\"\(f(x))\" y=\"\(f(height - bottom + 17))\" text-anchor=\"middle\">\(Numbers.signedInteger(t))</text>\n"
            t += step
        }
        out += "</g>\n"
        out += "<line x1=\"\(f(px(0)))\" y1=\"\(f(top - 6))\" x2=\"\(f(px(0)))\" y2=\"\(f(height - bottom))\" stroke=\"#000000\"/>\n"
        out += "<text x=\"\(f(labelWidth + plotW / 2))\" y=\"\(f(height - 14))\" text-anchor=\"middle\">"
            + "\(xml("objective − \(control), accuracy points on the synergy subset"))</text>\n"
        // Rows.
        var previous = ""
        for (i, row) in rows.enumerated() {
            let y = top + (Double(i) + 0.5) * rowHeight
            let color = SVGFigure.palette[max(0, Set(rows.map(\.objective)).sorted().firstIndex(of: row.objective) ?? 0) % SVGFigure.palette.count]
            let c = row.comparison
            let label = (row.dataset == previous ? "" : "\(row.dataset) (\(row.subset)) ") + row.objective
            previous = row.dataset
            out += "<g class=\"forest-row\" data-dataset=\"\(xml(row.dataset))\" data-objective=\"\(xml(row.objective))\">\n"
            out += "<text x=\"\(f(labelWidth - 10))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(xml(label))</text>\n"
            out += "<line x1=\"\(f(px(100 * c.ciLow)))\" y1=\"\(f(y))\" x2=\"\(f(px(100 * c.ciHigh)))\" y2=\"\(f(y))\" "
                + "stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            out += "<circle cx=\"\(f(px(100 * c.delta)))\" cy=\"\(f(y))\" r=\"4\" stroke=\"\(color)\" stroke-width=\"1.5\" "
                + "fill=\"\(c.significant ? color : "#ffffff")\"/>\n"
            out += "<title>\(xml("\(row.dataset), \(row.objective): \(ReportRenderer.difference(c)), p (Holm) \(ReportRenderer.pValue(c)), n = \(c.n)"))</title>\n"
            out += "</g>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// A tick spacing of 1, 2, 5, 10, 20, 50 … points giving at most about eight ticks over `span`.
    static func tickStep(_ span: Double) -> Double {
        for step in [1.0, 2, 5, 10, 20, 25, 50] where span / step <= 8 { return step }
        return 100
    }
}
