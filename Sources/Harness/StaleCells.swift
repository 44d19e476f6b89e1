import Datasets
import Foundation
import GRDB

/// Cells of a plan whose result the store holds only as computed by other code: a done row with
/// the same spec apart from the code digest (``Cell/specKey``), stored under another key. `bench
/// plan` lists them as stale, a run recomputes them, and `--reuse-stale` keeps them instead,
/// marked in every report.
public struct StaleCells: Sendable {
    /// Planned key (hex) → the done row computed by other code (the most recently finished one).
    public let records: [String: CellRecord]

    /// No stale cells.
    public init() { records = [:] }

    /// The stale cells of `cells` in `store`: those not done under their own key that have a done
    /// row under their spec key (a store written before keys held the code digest) or with the
    /// same spec and another digest.
    public init(cells: [Cell], store: RunStore) throws {
        let done = try store.statuses(cells.map(\.key.hex)).filter { $0.value == .done }
        let wanted = cells.filter { done[$0.key.hex] == nil }
        guard !wanted.isEmpty else { records = [:]; return }
        let bySpec = try store.doneKeysBySpecKey()
        var chosen: [String: String] = [:]
        for cell in wanted {
            if let key = bySpec[cell.specKey.hex]?.first(where: { $0 != cell.key.hex }) { chosen[cell.key.hex] = key }
        }
        let stored = try store.records(Array(Set(chosen.values)).sorted())
        records = chosen.compactMapValues { stored[$0] }
    }

    /// Whether the cell with key `hex` is stale.
    public func contains(_ hex: String) -> Bool { records[hex] != nil }
}

extension RunStore {
    /// Spec key (``Cell/specKey``) → keys of the done rows with that spec, most recently finished first.
    func doneKeysBySpecKey() throws -> [String: [String]] {
        try wrap {
            try reader.read { db in
                var out: [String: [String]] = [:]
                let rows = try Row.fetchAll(db, sql: "SELECT key, hyperparameters FROM cell WHERE status = 'done' "
                                                + "ORDER BY finished_at DESC, key")
                for row in rows {
                    let json: String = row["hyperparameters"]
                    out[FileHashing.sha256Hex(CellSpec.withoutCode(json)), default: []].append(row["key"])
                }
                return out
            }
        }
    }
}
