import Foundation
import Harness

/// The statistics of a report, computed once and kept as data (renderers in any format read
/// them): every objective of every table against the control objective on every metric
/// column, Holm-corrected within (table, metric); and the significance-aware emphasis of every
/// table column. Deterministic: the resampling is seeded from the compared outcomes.
public struct ReportStatistics: Sendable {
    /// The significance level of the tests and of the emphasis.
    public static let alpha = 0.05

    /// The control objective every other one is compared with ("vanilla" unless told otherwise).
    public let control: String
    /// Objective − control, per dataset, objective and metric ("overall" and each subset), in
    /// table order; tables without the control have none.
    public let comparisons: [PairedComparison]
    /// Per dataset and column, which rows are bold.
    public let emphasis: [ColumnEmphasis]

    /// The statistics of `report` against the objective `control`.
    public init(report: Report, control: String = "vanilla") {
        self.control = control
        var jobs: [(row: ReportRow, control: ReportRow, metric: String)] = []
        var emphasis: [ColumnEmphasis] = []
        for table in report.tables {
            for column in table.columns {
                emphasis.append(ColumnEmphasis(dataset: table.dataset.label, metric: column.metric, rows: table.rows))
            }
            guard let base = table.rows.first(where: { $0.objective == control }) else { continue }
            for row in table.rows where row.objective != control {
                for metric in ["overall"] + table.dataset.subsets { jobs.append((row, base, metric)) }
            }
        }
        let work = jobs
        var results = [PairedComparison?](repeating: nil, count: work.count)
        results.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedBuffer(base: out.baseAddress!)
            DispatchQueue.concurrentPerform(iterations: work.count) { i in
                let job = work[i]
                shared.base[i] = PairedComparison.examples(job.row, job.control, metric: job.metric, reference: control)
            }
        }
        comparisons = PairedComparison.holmCorrected(results.compactMap { $0 })
        self.emphasis = emphasis
    }

    /// The comparison of `objective` with the control on `dataset` and `metric`.
    public func comparison(dataset: String, objective: String, metric: String) -> PairedComparison? {
        comparisons.first { $0.dataset == dataset && $0.objective == objective && $0.metric == metric }
    }

    /// Whether `objective`'s value in `metric`'s column of `dataset`'s table is bold.
    public func isEmphasized(dataset: String, objective: String, metric: String) -> Bool {
        emphasis.first { $0.dataset == dataset && $0.metric == metric }?.isEmphasized(objective) ?? false
    }
}

/// A buffer written at disjoint indices by parallel workers.
struct UncheckedBuffer<T>: @unchecked Sendable {
    let base: UnsafeMutablePointer<T>
}
