import ArgumentParser
import Experiments
import Foundation
import Harness

/// `bench merge`: folds shard stores into the main store; with `--grid`, then lists the grid's
/// cells that are not done in the main store (exit 1 when there are any).
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Fold shard run stores into the main store (same key and content → one row; conflicts refused).",
        discussion: "With --grid NAME, afterwards lists the grid's cells that are not done in the main store "
            + "(exit 1 when any is missing; stores may then be omitted).\n\n"
            + "Examples:\n  bench merge results/shard-1.sqlite results/shard-2.sqlite\n  bench merge --grid paper")

    @Argument(help: "Shard stores to fold in.")
    var sources: [String] = []

    @Option(help: "Afterwards, list the cells of this grid that are not done in the main store; exit 1 if any.")
    var grid: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var overrideOptions: GridOverrideOptions

    func validate() throws {
        if let grid { try validateGridName(grid) }
        guard !sources.isEmpty || grid != nil else { throw ValidationError("give at least one store to merge (or --grid)") }
        guard grid != nil || (overrideOptions.datasets.isEmpty && overrideOptions.settings.isEmpty) else {
            throw ValidationError("--dataset and --set choose the cells of --grid; give --grid too")
        }
    }

    func run() throws {
        var missing: [(cell: Cell, status: CellStatus?)] = []
        do {
            let overrides = try overrideOptions.overrides()
            let plan = try grid.map { try plannedGrid($0, overrides: overrides) }
            let store = try RunStore(path: storeOptions.store)
            let summary = try store.merge(from: sources)
            FileHandle.standardError.write(Data(
                "merged into \(storeOptions.store): \(summary.written) written, \(summary.identical) identical, \(summary.skipped) skipped\n".utf8))
            guard let plan else { return }
            let statuses = try store.statuses(plan.cells.map(\.key.hex))
            missing = plan.cells.filter { statuses[$0.key.hex] != .done }.map { ($0, statuses[$0.key.hex]) }
            let done = plan.cells.count - missing.count
            print("grid \(plan.grid): \(done) of \(plan.cells.count) cells done in \(storeOptions.store)"
                  + (missing.isEmpty ? "" : "; \(missing.count) missing:"))
            for (cell, status) in missing {
                print("  missing \(cell.label) \(cell.key.hex) (\(status?.rawValue ?? "absent"))")
            }
        } catch {
            throw HarnessExit.fail(error)
        }
        if !missing.isEmpty { throw ExitCode(1) }
    }
}
