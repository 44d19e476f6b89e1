import Foundation
import Harness
import Information

/// The PID cards shown above a dataset's table (Markdown and HTML), and the model-PID column.
enum PIDCards {
    /// The column titles of a cards table.
    static let columns = ["Modalities", "Redundancy", "Unique 1", "Unique 2", "Synergy", "I(X1,X2;Y)"]

    /// What the cards are (estimator, seed, sample, discretisation, interval); nil without cards.
    static func caption(_ dataset: ReportDataset) -> String? {
        guard let first = dataset.pidCards.first else { return nil }
        let d = first.discretization
        var out = "PID of the test labels (BROJA, bits; seed \(dataset.pidSeed.map(String.init) ?? "—"), "
            + "\(first.examples) examples, k = \(d.clusters) clusters after "
            + (d.reduction == .pca ? "PCA ≤ \(d.pcaDimensions)" : "factor analysis ≤ \(d.pcaDimensions) factors")
        if let i = first.interval {
            out += "; [95 % basic bootstrap interval over examples, \(i.resamples) resamples]"
        }
        return out + ")"
    }

    /// One row per card: the modality pair and its five values with intervals.
    static func rows(_ dataset: ReportDataset) -> [(modalities: String, cells: [String])] {
        dataset.pidCards.map { card in
            let e = card.estimate, i = card.interval
            func cell(_ value: Double, _ low: Double?, _ high: Double?) -> String {
                guard let low, let high else { return bits(value) }
                return "\(bits(value)) [\(bits(low)), \(bits(high))]"
            }
            return (card.modalityNames.joined(separator: " × "),
                    [cell(e.redundancy, i?.lower.redundancy, i?.upper.redundancy),
                     cell(e.unique0, i?.lower.unique0, i?.upper.unique0),
                     cell(e.unique1, i?.lower.unique1, i?.upper.unique1),
                     cell(e.synergy, i?.lower.synergy, i?.upper.synergy),
                     cell(e.mutualInformation, i?.lower.mutualInformation, i?.upper.mutualInformation)])
        }
    }

    /// The cards as a Markdown table under their caption; "" without cards.
    static func markdown(_ dataset: ReportDataset) -> String {
        guard let caption = caption(dataset) else { return "" }
        var out = caption + ":\n\n| " + columns.joined(separator: " | ") + " |\n|---|---:|---:|---:|---:|---:|\n"
        for row in rows(dataset) { out += "| \(row.modalities) | " + row.cells.joined(separator: " | ") + " |\n" }
        return out + "\n"
    }

    /// The cards as an HTML table; nil without cards.
    static func html(_ dataset: ReportDataset) -> HTMLTable? {
        guard let caption = caption(dataset) else { return nil }
        return HTMLTable(caption: caption, columns: columns,
                         rows: rows(dataset).map { HTMLTable.Row($0.modalities, cells: $0.cells.map { .init($0, numeric: true) }) },
                         kind: "pid")
    }

    /// Whether any row of the table has a model PID (then the table gets a "Model S" column).
    static func hasModelColumn(_ rows: [ReportRow]) -> Bool { rows.contains { $0.modelPID != nil } }

    /// The model-PID cell of a row: its predictions' synergy in bits (mean over seeds).
    static func modelCell(_ row: ReportRow) -> String { row.modelPID.map { bits($0.synergy) } ?? "—" }

    /// Three decimals, no negative zero.
    static func bits(_ v: Double) -> String {
        let text = String(format: "%.3f", v)
        return text == "-0.000" ? "0.000" : text
    }
}
