import Foundation
import Harness

/// Which rows of one table column are emphasised (bold): the column's best mean, and every row
/// not significantly worse than it — exact McNemar on the per-example outcomes pooled over the
/// common seeds (row − best), Holm-corrected over the column's other rows, α =
/// ``ReportStatistics/alpha``. A row that cannot be tested (no per-example outcomes, no common
/// seed) is not emphasised. Columns without a per-example test (irony-class F1) emphasise nothing.
public struct ColumnEmphasis: Codable, Sendable, Equatable {
    /// One row's standing in the column.
    public struct Entry: Codable, Sendable, Equatable {
        /// The row's objective.
        public let objective: String
        /// The row's mean minus the best's (fraction; 0 for the best).
        public let deltaToBest: Double
        /// McNemar p-value against the best, raw and Holm-corrected; nil for the best row and untested rows.
        public let pValue: Double?
        public let pHolm: Double?
        /// Bold in the table.
        public let emphasized: Bool

        enum CodingKeys: String, CodingKey {
            case objective, deltaToBest = "delta_to_best", pValue = "p_value", pHolm = "p_holm", emphasized
        }

        /// Encodes every field; missing p-values as null.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(objective, forKey: .objective)
            try c.encode(deltaToBest, forKey: .deltaToBest)
            try c.encode(pValue, forKey: .pValue)
            try c.encode(pHolm, forKey: .pHolm)
            try c.encode(emphasized, forKey: .emphasized)
        }
    }

    /// The dataset label.
    public let dataset: String
    /// "overall", a subset name or "irony-f1".
    public let metric: String
    /// The objective with the highest mean (nil when the column has fewer than two values or no test).
    public let best: String?
    /// The rows with a value, in table order.
    public let entries: [Entry]

    /// Whether `objective` is bold in this column.
    public func isEmphasized(_ objective: String) -> Bool {
        entries.first { $0.objective == objective }?.emphasized ?? false
    }

    /// The emphasis of `metric` over `rows` (one table).
    init(dataset: String, metric: ReportMetric, rows: [ReportRow]) {
        self.dataset = dataset
        self.metric = metric.key
        let valued = rows.compactMap { r in r.value(metric).map { (row: r, mean: $0.mean) } }
        guard valued.count > 1, let metricName = metric.pairedMetric,
              let top = valued.max(by: { $0.mean < $1.mean }) else {
            best = nil
            entries = []
            return
        }
        best = top.row.objective
        var tested: [(index: Int, p: Double)] = []
        var pending: [(row: ReportRow, delta: Double, p: Double?)] = []
        for v in valued {
            if v.row.objective == top.row.objective { pending.append((v.row, 0, nil)); continue }
            var p: Double? = nil
            if let paired = PairedOutcomes(v.row, top.row, metric: metricName) {
                let (b, c) = McNemar.discordant(paired.strata.flatMap { $0 })
                p = McNemar.pValue(b: b, c: c)
                tested.append((pending.count, p!))
            }
            pending.append((v.row, v.mean - top.mean, p))
        }
        let adjusted = Holm.adjust(tested.map(\.p))
        var holm: [Int: Double] = [:]
        for (t, a) in zip(tested, adjusted) { holm[t.index] = a }
        entries = pending.enumerated().map { i, e in
            let isBest = e.row.objective == top.row.objective
            return Entry(objective: e.row.objective, deltaToBest: e.delta, pValue: e.p, pHolm: holm[i],
                         emphasized: isBest || (holm[i].map { $0 >= ReportStatistics.alpha } ?? false))
        }
    }
}

extension ReportMetric {
    /// The metric's name in JSON: "overall", the subset's name, "irony-f1".
    public var key: String {
        switch self {
        case .overall: "overall"
        case .subset(let name): name
        case .ironyF1: "irony-f1"
        }
    }

    /// The name the per-example pairing uses, nil for metrics without a per-example test.
    var pairedMetric: String? {
        switch self {
        case .overall: "overall"
        case .subset(let name): name
        case .ironyF1: nil
        }
    }
}
