import Foundation
import Harness

extension Figure {
    /// Whether any point of the figure reads a row that `report` has.
    public func hasRows(in report: Report) -> Bool {
        series.contains { s in s.points.contains { p in report.rows.contains { $0.dataset == p.dataset } } }
    }

    /// The x axis ticks: the declared ones, else one per distinct x labelled with `%g`.
    var resolvedTicks: [(value: Double, label: String)] {
        if let ticks = x.ticks { return ticks }
        return Set(series.flatMap { $0.points.map(\.x) }).sorted().map { ($0, String(format: "%g", $0)) }
    }
}

/// Hand-written SVG line charts (no dependency): axes with ticks and labels, light grid lines,
/// one `<polyline>` per series with point markers and ±std error bars, a legend, and the
/// provenance of the data under the title. Nothing is drawn outside the plot area (error bars
/// are cut at 0 and 100 %), and x tick labels that would overlap are left out (``TickLabelLayout``;
/// the tick marks stay). Deterministic text.
public enum SVGFigure {
    static let palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#999999"]

    /// The font size of tick labels, legend and axis labels, in px.
    static let fontSize = 12.0

    /// The SVG of `figure` drawn from `report` (series without any available point are left out).
    public static func render(_ figure: Figure, report: Report) -> String {
        let metric = figure.metric
        let ticks = figure.resolvedTicks
        // Resolve the points.
        var lines: [(name: String, points: [(x: Double, mean: Double, std: Double)])] = []
        var provenances: Set<String> = []
        for s in figure.series {
            var points: [(x: Double, mean: Double, std: Double)] = []
            for p in s.points {
                guard let row = report.rows.first(where: { $0.dataset == p.dataset && $0.objective == p.objective }),
                      let v = row.value(metric) else { continue }
                provenances.insert(row.provenance)
                points.append((p.x, v.mean, v.std))
            }
            if !points.isEmpty { lines.append((s.name, points.sorted { $0.x < $1.x })) }
        }
        let subtitle = provenances.isEmpty ? "no data yet" : "data: " + provenances.sorted().joined(separator: ", ")
            + "; mean ± std over seeds"
        return draw(figure, ticks: ticks, lines: lines, subtitle: subtitle)
    }

    /// Draws `lines` (y as fractions) with `figure`'s title, axes and labels.
    static func draw(_ figure: Figure, ticks: [(value: Double, label: String)],
                     lines: [(name: String, points: [(x: Double, mean: Double, std: Double)])], subtitle: String) -> String {
        // x positions: log10 on a log axis, the tick index on a categorical one.
        func position(_ x: Double) -> Double {
            switch figure.x.scale {
            case .linear: return x
            case .log: return log10(max(x, .leastNormalMagnitude))
            case .categorical: return Double(ticks.firstIndex { $0.value == x } ?? 0)
            }
        }
        let width = 640.0, height = 420.0
        let left = 70.0, right = 170.0, top = 58.0, bottom = 62.0
        let plotW = width - left - right, plotH = height - top - bottom
        let xs = (ticks.map(\.value) + lines.flatMap { $0.points.map(\.x) }).map(position)
        let lo = xs.min() ?? 0, hi = max(xs.max() ?? 1, (xs.min() ?? 0) + 1e-9)
        let xMin = lo - 0.06 * (hi - lo), xMax = hi + 0.06 * (hi - lo)  // markers clear of the axes
        // y range: multiples of 10 % around the data (with error bars), within [0, 100].
        let ys = lines.flatMap { $0.points.flatMap { [100 * ($0.mean - $0.std), 100 * ($0.mean + $0.std)] } }
        var yMin = ((ys.min() ?? 0) / 10).rounded(.down) * 10, yMax = ((ys.max() ?? 100) / 10).rounded(.up) * 10
        yMin = max(0, min(yMin, 90)); yMax = min(100, max(yMax, yMin + 10))
        func px(_ x: Double) -> Double { left + (position(x) - xMin) / (xMax - xMin) * plotW }
        func py(_ y: Double) -> Double { top + (yMax - 100 * y) / (yMax - yMin) * plotH }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
            + "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"\(Int(fontSize))\">\n"
        out += "<title>\(xml(figure.title))</title>\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(Int(width))\" height=\"\(Int(height))\" fill=\"#ffffff\"/>\n"
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(xml(figure.title))</text>\n"
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"40\" text-anchor=\"middle\" fill=\"#555555\">\(xml(subtitle))</text>\n"
        // Grid and y ticks.
        var y = yMin
        while y <= yMax + 1e-9 {
            let yy = py(y / 100)
            out += "<line x1=\"\(f(left))\" y1=\"\(f(yy))\" x2=\"\(f(left + plotW))\" y2=\"\(f(yy))\" stroke=\"#e5e5e5\"/>\n"
            out += "<text x=\"\(f(left - 8))\" y=\"\(f(yy + 4))\" text-anchor=\"end\">\(Int(y))</text>\n"
            y += yMax - yMin > 50 ? 20 : 10
        }
        // x ticks: every tick marked, labels only where they do not overlap a kept one.
        let shown = TickLabelLayout.visible(ticks.map { (px($0.value), $0.label) }, fontSize: fontSize)
        out += "<g class=\"x-ticks\">\n"
        for (t, show) in zip(ticks, shown) {
            let xx = px(t.value)
            out += "<line x1=\"\(f(xx))\" y1=\"\(f(top + plotH))\" x2=\"\(f(xx))\" y2=\"\(f(top + plotH + 5))\" stroke=\"#000000\"/>\n"
            if show {
                out += "<text x=\"\(f(xx))\" y=\"\(f(top + plotH + 19))\" text-anchor=\"middle\">\(xml(t.label))</text>\n"
            }
        }
        out += "</g>\n"
        // Axes and labels.
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"#000000\"/>\n"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"#000000\"/>\n"
        let scaleNote = figure.x.scale == .log ? " (log scale)" : ""
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 16))\" text-anchor=\"middle\">\(xml(figure.x.label + scaleNote))</text>\n"
        out += "<text x=\"18\" y=\"\(f(top + plotH / 2))\" text-anchor=\"middle\" "
            + "transform=\"rotate(-90 18 \(f(top + plotH / 2)))\">\(xml(figure.yLabel))</text>\n"
        // Series.
        for (i, line) in lines.enumerated() {
            let color = palette[i % palette.count]
            out += "<g class=\"series\" data-name=\"\(xml(line.name))\">\n"
            let coordinates = line.points.map { "\(f(px($0.x))),\(f(py($0.mean)))" }.joined(separator: " ")
            out += "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            for p in line.points {
                let xx = px(p.x)
                if p.std > 0 {
                    // Bars end at the plot's edges: below 0 % they would run into the tick labels.
                    let low = max(p.mean - p.std, yMin / 100), high = min(p.mean + p.std, yMax / 100)
                    out += "<line x1=\"\(f(xx))\" y1=\"\(f(py(low)))\" x2=\"\(f(xx))\" y2=\"\(f(py(high)))\" "
                        + "stroke=\"\(color)\" stroke-width=\"1\"/>\n"
                }
                out += "<circle cx=\"\(f(xx))\" cy=\"\(f(py(p.mean)))\" r=\"3.5\" fill=\"\(color)\"/>\n"
            }
            out += "</g>\n"
        }
        // Legend.
        let lx = left + plotW + 18
        for (i, line) in lines.enumerated() {
            let ly = top + 10 + Double(i) * 20
            let color = palette[i % palette.count]
            out += "<line x1=\"\(f(lx))\" y1=\"\(f(ly))\" x2=\"\(f(lx + 22))\" y2=\"\(f(ly))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            out += "<text x=\"\(f(lx + 28))\" y=\"\(f(ly + 4))\">\(xml(line.name))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// Escapes XML text and attribute values.
    static func xml(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
