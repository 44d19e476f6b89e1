import Foundation
import GRDB
import Objectives

/// The dry run of a plan (`bench plan`): every cell with its label, key, status in the run
/// store and an estimated run time from the durations already stored. Nothing is trained.
public struct PlanListing: Sendable {
    /// One cell of the listing.
    public struct Row: Codable, Sendable, Equatable {
        /// "dataset/objective/sSEED".
        public let label: String
        /// The cell key (64 hex digits).
        public let key: String
        /// "done", "missing" (not in the store, or running / interrupted), "failed" or "stale"
        /// (done only by other code: ``StaleCells``).
        public let status: String
        /// A done cell's stored wall time; for the others, the mean wall time of the done cells
        /// stored with the same dataset label and objective (else the same dataset label); nil
        /// when the store has none.
        public let estimatedSeconds: Double?
        /// The cost model's prediction (``CostModel``), when `bench plan --estimate` calibrated one.
        public var modelSeconds: Double?
        /// The protocol the cell runs under.
        public var protocolName: ProtocolName = .harness

        private enum CodingKeys: String, CodingKey {
            case label, key, status, estimatedSeconds = "estimated_seconds", modelSeconds = "model_seconds"
            case protocolName = "protocol"
        }

        /// A row.
        public init(label: String, key: String, status: String, estimatedSeconds: Double?, modelSeconds: Double? = nil,
                    protocolName: ProtocolName = .harness) {
            self.label = label; self.key = key; self.status = status; self.estimatedSeconds = estimatedSeconds
            self.modelSeconds = modelSeconds
            self.protocolName = protocolName
        }

        /// Encodes every field; an unknown estimate as null; the model's only when there is one.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(label, forKey: .label)
            try c.encode(key, forKey: .key)
            try c.encode(status, forKey: .status)
            try c.encode(estimatedSeconds, forKey: .estimatedSeconds)
            try c.encodeIfPresent(modelSeconds, forKey: .modelSeconds)
            // Named only when not the default protocol, so a harness grid's listing is unchanged.
            try c.encodeIfPresent(protocolName == .harness ? nil : protocolName, forKey: .protocolName)
        }
    }

    /// The grid's name.
    public let grid: String
    /// The cells in plan order (dependencies first).
    public let rows: [Row]

    /// The cost model's predictions, when calibrated (nil: the store-based estimates only).
    public let model: CostModel?

    /// The listing of `plan` against `store` (nil: no store yet, every cell missing and no
    /// estimates), with the predictions of `model` when given.
    public init(plan: Plan, store: RunStore?, model: CostModel? = nil) throws {
        self.model = model
        grid = plan.grid
        let keys = plan.cells.map(\.key.hex)
        let statuses = try store?.statuses(keys) ?? [:]
        let stale = try store.map { try StaleCells(cells: plan.cells, store: $0) } ?? StaleCells()
        let durations = try store?.doneDurations() ?? []
        var byObjective: [String: [Double]] = [:], byDataset: [String: [Double]] = [:], own: [String: Double] = [:]
        for d in durations {
            byObjective[d.dataset + "\u{1F}" + d.objective, default: []].append(d.seconds)
            byDataset[d.dataset, default: []].append(d.seconds)
            own[d.key] = d.seconds
        }
        func mean(_ v: [Double]?) -> Double? { v.flatMap { $0.isEmpty ? nil : $0.reduce(0, +) / Double($0.count) } }
        rows = plan.cells.map { cell in
            let status: String
            switch statuses[cell.key.hex] {
            case .done: status = "done"
            case .failed: status = "failed"
            default: status = stale.contains(cell.key.hex) ? "stale" : "missing"
            }
            let estimate = own[cell.key.hex]
                ?? mean(byObjective[cell.datasetLabel + "\u{1F}" + cell.objectiveName]) ?? mean(byDataset[cell.datasetLabel])
            return Row(label: cell.label, key: cell.key.hex, status: status, estimatedSeconds: estimate,
                       modelSeconds: model?.estimates[cell.key.hex]?.seconds, protocolName: cell.spec.protocolName)
        }
    }

    /// The cost model's total for every cell (one job, serially), nil without a model.
    public var modelTotal: Double? {
        model == nil ? nil : rows.compactMap(\.modelSeconds).reduce(0, +)
    }

    /// The cells that dominate the cost model's total: the largest, in decreasing order, until
    /// they make up 80 % of it (at most 10), each with its share.
    public var dominant: [(row: Row, share: Double)] {
        guard let total = modelTotal, total > 0 else { return [] }
        var out: [(row: Row, share: Double)] = []
        var covered = 0.0
        for row in rows.filter({ $0.modelSeconds != nil }).sorted(by: { $0.modelSeconds! > $1.modelSeconds! }) {
            guard covered < 0.8, out.count < 10 else { break }
            out.append((row, row.modelSeconds! / total))
            covered += row.modelSeconds! / total
        }
        return out
    }

    /// The cost model's total per dataset (the label's first component), largest first.
    public var modelTotalsByDataset: [(dataset: String, seconds: Double)] {
        var totals: [String: Double] = [:]
        for r in rows { if let s = r.modelSeconds { totals[String(r.label.split(separator: "/").first ?? ""), default: 0] += s } }
        return totals.sorted { $0.value > $1.value }.map { ($0.key, $0.value) }
    }

    /// The cells a run would start (missing, failed or stale).
    public var toRun: [Row] { rows.filter { $0.status != "done" } }

    /// The summed estimate of the cells to run (serially), and how many of them have no estimate.
    public var estimateToRun: (seconds: Double, unknown: Int) {
        (toRun.compactMap(\.estimatedSeconds).reduce(0, +), toRun.filter { $0.estimatedSeconds == nil }.count)
    }

    /// One line per cell ("status  estimate  [model]  label  key") and a summary line; with a
    /// cost model, its total, the cells that dominate it and the total per dataset.
    public var text: String {
        var out = ""
        for r in rows {
            let estimate = r.estimatedSeconds.map { PlanListing.duration($0) } ?? "?"
            let predicted = model == nil ? "" : (r.modelSeconds.map { PlanListing.duration($0) } ?? "?").padding(toLength: 9, withPad: " ", startingAt: 0) + " "
            let protocolMark = r.protocolName == .harness ? "" : "  [protocol \(r.protocolName.rawValue)]"
            out += "\(r.status.padding(toLength: 8, withPad: " ", startingAt: 0)) \(estimate.padding(toLength: 9, withPad: " ", startingAt: 0)) \(predicted)\(r.label)  \(r.key)\(protocolMark)\n"
        }
        let done = rows.count - toRun.count, failed = rows.filter { $0.status == "failed" }.count
        let stale = rows.filter { $0.status == "stale" }.count
        let (seconds, unknown) = estimateToRun
        out += "grid \(grid): \(rows.count) cells, \(done) done, \(toRun.count - failed - stale) missing, \(failed) failed, "
            + "\(stale) stale (done by other code: a run recomputes them, --reuse-stale keeps them); "
            + "estimated time to run (one job): \(PlanListing.duration(seconds))"
            + (unknown > 0 ? " + \(unknown) cell(s) without a stored duration to estimate from" : "") + "\n"
        if let total = modelTotal {
            out += "cost model (calibrated on this machine): every cell \(PlanListing.duration(total)) in one job; by dataset: "
                + modelTotalsByDataset.map { "\($0.dataset) \(PlanListing.duration($0.seconds))" }.joined(separator: ", ") + "\n"
            out += "dominant cells: " + dominant.map { "\($0.row.label) \(PlanListing.duration($0.row.modelSeconds!)) (\(Int(($0.share * 100).rounded())) %)" }
                .joined(separator: ", ") + "\n"
        }
        return out
    }

    /// `{"grid", "cells": [{"label", "key", "status", "estimated_seconds"}], "estimated_seconds_to_run", "cells_without_estimate"}`.
    public func json() throws -> String {
        struct Dominant: Encodable {
            let label: String, key: String, seconds: Double, share: Double
        }
        struct DatasetTotal: Encodable {
            let dataset: String, seconds: Double
        }
        struct Document: Encodable {
            let grid: String
            let cells: [Row]
            let estimatedSecondsToRun: Double
            let cellsWithoutEstimate: Int
            let modelSeconds: Double?
            let modelDatasets: [DatasetTotal]?
            let dominant: [Dominant]?
            enum CodingKeys: String, CodingKey {
                case grid, cells, estimatedSecondsToRun = "estimated_seconds_to_run", cellsWithoutEstimate = "cells_without_estimate"
                case modelSeconds = "model_seconds", modelDatasets = "model_seconds_by_dataset", dominant = "dominant_cells"
            }
            func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(grid, forKey: .grid)
                try c.encode(cells, forKey: .cells)
                try c.encode(estimatedSecondsToRun, forKey: .estimatedSecondsToRun)
                try c.encode(cellsWithoutEstimate, forKey: .cellsWithoutEstimate)
                try c.encodeIfPresent(modelSeconds, forKey: .modelSeconds)
                try c.encodeIfPresent(modelDatasets, forKey: .modelDatasets)
                try c.encodeIfPresent(dominant, forKey: .dominant)
            }
        }
        let (seconds, unknown) = estimateToRun
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let withModel = model != nil
        let data = try encoder.encode(Document(
            grid: grid, cells: rows, estimatedSecondsToRun: seconds, cellsWithoutEstimate: unknown, modelSeconds: modelTotal,
            modelDatasets: withModel ? modelTotalsByDataset.map { DatasetTotal(dataset: $0.dataset, seconds: $0.seconds) } : nil,
            dominant: withModel ? dominant.map { Dominant(label: $0.row.label, key: $0.row.key, seconds: $0.row.modelSeconds!, share: $0.share) } : nil))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// "0.4s", "12s", "3m05s", "2h10m".
    static func duration(_ s: Double) -> String {
        if s < 10 { return String(format: "%.1fs", s) }
        let t = Int(s.rounded())
        if t < 60 { return "\(t)s" }
        if t < 3600 { return String(format: "%dm%02ds", t / 60, t % 60) }
        return String(format: "%dh%02dm", t / 3600, (t % 3600) / 60)
    }
}

extension RunStore {
    /// Key, dataset label, objective and wall time of every done cell with a stored wall time.
    func doneDurations() throws -> [(key: String, dataset: String, objective: String, seconds: Double)] {
        try wrap {
            try reader.read { db in
                try Row.fetchAll(db, sql: "SELECT key, dataset, objective, wall_seconds FROM cell WHERE status = 'done' AND wall_seconds IS NOT NULL ORDER BY key")
                    .map { ($0["key"], $0["dataset"], $0["objective"], $0["wall_seconds"]) }
            }
        }
    }
}
