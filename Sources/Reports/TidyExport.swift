import Foundation
import Harness

/// `bench export`: a grid's stored results in tidy form — one row per cell × seed × subset
/// ("overall" plus each reported subset), every spec parameter in its own column (flattened
/// from the cell's spec JSON: `dataset.*`, `objective.*`, `model.*`, `training.*`), the metrics
/// and the provenance. Header first, no comment lines: `pandas.read_csv` reads it as is.
/// A failed cell gives one "overall" row with its status and error and empty metrics; cells
/// not run yet give no row.
public struct TidyExport: Sendable {
    /// The fixed leading columns.
    public static let leadingColumns = ["grid", "dataset", "objective", "seed", "subset", "status", "n", "correct", "accuracy",
                                        "macro_f1", "best_epoch", "provenance", "key", "host", "started_at", "finished_at",
                                        "train_seconds", "wall_seconds", "examples_per_second", "error"]

    /// Every column: the leading ones, then the spec parameters, sorted.
    public let columns: [String]
    /// The rows; a missing value is absent from a row's dictionary.
    public let rows: [[String: ExportValue]]

    /// One value of a row.
    public enum ExportValue: Sendable, Equatable {
        case text(String)
        case integer(Int64)
        case number(Double)
        case bool(Bool)

        /// The CSV text (numbers in full precision, locale-independent).
        var csv: String {
            switch self {
            case .text(let s): return s
            case .integer(let i): return String(i)
            case .number(let d): return "\(d)"
            case .bool(let b): return b ? "true" : "false"
            }
        }

        /// As a JSON value.
        var json: Any {
            switch self {
            case .text(let s): return s
            case .integer(let i): return i
            case .number(let d): return d
            case .bool(let b): return b
            }
        }
    }

    /// The export of `plan` from `store`.
    public init(plan: Plan, store: RunStore) throws {
        let report = try Report(plan: plan, store: store)
        var keys: [String] = []
        for d in plan.datasets { for r in d.rows { keys += r.keys.map(\.hex) } }
        let records = try store.records(keys)
        var rows: [[String: ExportValue]] = []
        var parameterColumns: Set<String> = []
        for d in plan.datasets {
            for (objective, cellKeys) in d.rows {
                let reportRow = report.rows.first { $0.dataset == d.label && $0.objective == objective }
                for (seed, key) in zip(d.seeds, cellKeys) {
                    guard let record = records[key.hex], record.status == .done || record.status == .failed else { continue }
                    var base: [String: ExportValue] = [
                        "grid": .text(plan.grid), "dataset": .text(d.label), "objective": .text(objective),
                        "seed": .integer(Int64(seed)), "status": .text(record.status.rawValue), "key": .text(record.key),
                    ]
                    func put(_ column: String, _ value: ExportValue?) { if let value { base[column] = value } }
                    put("provenance", record.provenance.map(ExportValue.text))
                    put("host", record.host.map(ExportValue.text))
                    put("started_at", record.startedAt.map(ExportValue.number))
                    put("finished_at", record.finishedAt.map(ExportValue.number))
                    put("train_seconds", record.trainSeconds.map(ExportValue.number))
                    put("wall_seconds", record.wallSeconds.map(ExportValue.number))
                    put("examples_per_second", record.examplesPerSecond.map(ExportValue.number))
                    put("error", record.error.map(ExportValue.text))
                    for (column, value) in try TidyExport.parameters(record.hyperparameters, key: record.key) {
                        base[column] = value
                        parameterColumns.insert(column)
                    }
                    if let metrics = record.metrics, record.status == .done {
                        let object = try JSONSerialization.jsonObject(with: Data(metrics.utf8)) as? [String: Any]
                        let evaluation = object?["evaluation"] as? [String: Any]
                        put("macro_f1", (evaluation?["macroF1"] as? NSNumber).map { .number($0.doubleValue) })
                        put("best_epoch", (object?["bestEpoch"] as? NSNumber).map { .integer($0.int64Value) })
                    }
                    guard record.status == .done, let values = reportRow?.perSeed.first(where: { $0.seed == seed }) else {
                        var row = base
                        row["subset"] = .text("overall")
                        rows.append(row)
                        continue
                    }
                    var overall = base
                    overall["subset"] = .text("overall")
                    overall["n"] = .integer(Int64(values.n))
                    overall["accuracy"] = .number(values.overall)
                    overall["correct"] = .integer(Int64((values.overall * Double(values.n)).rounded()))
                    rows.append(overall)
                    for subset in values.subsets {
                        var row = base
                        row["subset"] = .text(subset.name)
                        row["n"] = .integer(Int64(subset.n))
                        if let a = subset.accuracy {
                            row["accuracy"] = .number(a)
                            row["correct"] = .integer(Int64((a * Double(subset.n)).rounded()))
                        }
                        rows.append(row)
                    }
                }
            }
        }
        let leading = Set(TidyExport.leadingColumns)
        columns = TidyExport.leadingColumns + parameterColumns.filter { !leading.contains($0) }.sorted()
        self.rows = rows
    }

    /// The spec's parameters as dotted columns: nested objects flattened ("dataset.synergy",
    /// "model.hidden"), arrays kept as their JSON text.
    static func parameters(_ specJSON: String, key: String) throws -> [String: ExportValue] {
        guard case .object(let object)? = try? JSONDecoder().decode(SpecValue.self, from: Data(specJSON.utf8)) else {
            throw HarnessError.store(path: "", "cell \(key): field 'hyperparameters' is not a JSON object")
        }
        var out: [String: ExportValue] = [:]
        func visit(_ value: SpecValue, _ path: String) {
            switch value {
            case .object(let dictionary): for (k, v) in dictionary { visit(v, path.isEmpty ? k : "\(path).\(k)") }
            case .bool(let b): out[path] = .bool(b)
            case .integer(let i): out[path] = .integer(i)
            case .number(let d): out[path] = .number(d)
            case .text(let s): out[path] = .text(s)
            case .array(let text): out[path] = .text(text)
            case .null: break
            }
        }
        visit(.object(object), "")
        // The spec's seed is the row's seed column already.
        out["seed"] = nil
        return out
    }

    /// CSV: the header, then one line per row (RFC 4180 quoting; empty = missing).
    public func csv() -> String {
        var out = columns.map(CSV.field).joined(separator: ",") + "\n"
        for row in rows {
            out += columns.map { CSV.field(row[$0]?.csv ?? "") }.joined(separator: ",") + "\n"
        }
        return out
    }

    /// JSON Lines: one object per row with sorted keys (missing values as null).
    public func jsonl() throws -> String {
        var out = ""
        for row in rows {
            var object: [String: Any] = [:]
            for column in columns { object[column] = row[column]?.json ?? NSNull() }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
            out += String(decoding: data, as: UTF8.self) + "\n"
        }
        return out
    }
}

/// A JSON value of a cell spec, as the export flattens it (arrays kept as their JSON text).
enum SpecValue: Decodable {
    case object([String: SpecValue])
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case text(String)
    case array(String)
    case null

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { self = .null }
        else if let b = try? c.decode(Bool.self) { self = .bool(b) }
        else if let i = try? c.decode(Int64.self) { self = .integer(i) }
        else if let d = try? c.decode(Double.self) { self = .number(d) }
        else if let s = try? c.decode(String.self) { self = .text(s) }
        else if let o = try? c.decode([String: SpecValue].self) { self = .object(o) }
        else {
            let items = try c.decode([SpecValue].self)
            self = .array("[" + items.map(\.jsonText).joined(separator: ",") + "]")
        }
    }

    /// Compact JSON text of the value.
    var jsonText: String {
        switch self {
        case .object(let o):
            return "{" + o.keys.sorted().map { "\"\($0)\":" + o[$0]!.jsonText }.joined(separator: ",") + "}"
        case .bool(let b): return b ? "true" : "false"
        case .integer(let i): return String(i)
        case .number(let d): return "\(d)"
        case .text(let s):
            let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
            return String(decoding: data, as: UTF8.self)
        case .array(let text): return text
        case .null: return "null"
        }
    }
}
