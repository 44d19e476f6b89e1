import Foundation
import Harness

/// Per-epoch validation accuracy of a dataset's rows, drawn from their stored training curves
/// (``ReportRow/curves``): one line per objective, mean ± std over the seeds that reached each
/// epoch. Nil when no row of the table has curves.
enum EpochCurves {
    static func svg(_ table: DatasetTable) -> String? {
        var lines: [(name: String, points: [(x: Double, mean: Double, std: Double)])] = []
        var epochs = 0
        for row in table.rows where !row.curves.isEmpty {
            let perSeed = row.curves.map(\.curves.validAccuracy)
            let length = perSeed.map(\.count).max() ?? 0
            var points: [(x: Double, mean: Double, std: Double)] = []
            for e in 0..<length {
                let values = perSeed.compactMap { e < $0.count ? $0[e] : nil }
                let mean = values.reduce(0, +) / Double(values.count)
                let variance = values.count > 1
                    ? values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1) : 0
                points.append((Double(e + 1), mean, variance.squareRoot()))
            }
            if !points.isEmpty { lines.append((row.objective, points)) }
            epochs = max(epochs, length)
        }
        guard !lines.isEmpty else { return nil }
        let ticks = (1...epochs).map { (Double($0), String($0)) }
        let figure = Figure("curves.svg", title: "\(table.dataset.label): validation accuracy per epoch", metric: .overall,
                            x: FigureAxis("epoch", ticks: ticks), yLabel: "validation accuracy (%)", series: [])
        return SVGFigure.draw(figure, ticks: ticks, lines: lines,
                              subtitle: "provenance: \(table.provenance); mean ± std over seeds")
    }
}
