import Foundation
import Harness
import Objectives

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

    /// The authors' mask–oracle diagnostic per epoch of a dataset's learned-mask rows: IoU of the
    /// predicted unimodal support and the destroyed fraction (mean over seeds), each beside its
    /// Bernoulli(½) baseline. Nil when no row has it.
    static func maskOracleSVG(_ table: DatasetTable) -> String? {
        var lines: [(name: String, points: [(x: Double, mean: Double, std: Double)])] = []
        var epochs = 0
        for row in table.rows {
            guard let curve = row.masks?.oracleOverlap, !curve.isEmpty else { continue }
            let metrics: [(String, KeyPath<MaskOracleOverlap, Double>)] = [
                ("IoU", \.iou), ("destroyed", \.destroyedFraction), ("IoU, Bernoulli(½)", \.randomIoU)]
            for (name, value) in metrics {
                var points: [(x: Double, mean: Double, std: Double)] = []
                for point in curve { points.append((x: Double(point.epoch + 1), mean: point[keyPath: value], std: 0)) }
                lines.append((name: "\(row.objective): \(name)", points: points))
            }
            epochs = max(epochs, curve.count)
        }
        guard !lines.isEmpty else { return nil }
        var ticks: [(value: Double, label: String)] = []
        for e in 1...epochs where e == 1 || e % 5 == 0 { ticks.append((value: Double(e), label: String(e))) }
        let figure = Figure("mask-oracle.svg", title: "\(table.dataset.label): mask–oracle overlap per epoch", metric: .overall,
                            x: FigureAxis("epoch", ticks: ticks), yLabel: "IoU / destroyed fraction (%)", series: [])
        return SVGFigure.draw(figure, ticks: ticks, lines: lines, subtitle: "gates learned on 64 held-out examples; mean over seeds")
    }
}
