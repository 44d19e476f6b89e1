import Datasets
import Foundation

/// Which of a grid's cells to plan: some seeds, the cells of a list file, a shard (each also
/// brings the cells its cells depend on). The default is every cell.
public struct GridSelection: Sendable {
    /// Only these seeds (nil: all).
    public var seeds: Set<UInt64>?
    /// Only the cells listed in this file (one key per line, ``CellList``); with ``shard``, every
    /// N-th listed cell from the I-th.
    public var cellList: String?
    /// Only this shard of the cells.
    public var shard: Shard?

    /// A selection; every cell by default.
    public init(seeds: Set<UInt64>? = nil, cellList: String? = nil, shard: Shard? = nil) {
        self.seeds = seeds
        self.cellList = cellList
        self.shard = shard
    }
}

/// Running a grid as a use case: plan it against the data, run its cells into a run store.
/// `bench run` and `bench --grid` are this plus argument parsing; a Swift program or a test calls
/// it directly.
///
///     let plan = try GridRun.plan(grid, in: context)
///     let summary = try GridRun.run(plan, storePath: "results/bench.sqlite", loader: context.loader,
///                                   options: RunOptions(jobs: 2))
public enum GridRun {
    /// The plan of `grid`: resolved against `context` (the data directory decides which datasets
    /// some grids have), `overrides` applied, restricted to `selection`. With
    /// `validatingData`, every feature folder of the plan is loaded first, so bad arrays are a
    /// ``DataError`` naming file and field before anything trains. Throws
    /// ``GridRunError`` for a grid without datasets or seeds the grid lacks.
    public static func plan(_ grid: Grid, in context: GridContext, overrides: GridOverrides = .none,
                            selection: GridSelection = GridSelection(), validatingData: Bool = false) throws -> Plan {
        let resolved = overrides.apply(to: grid.resolved(in: context))
        guard !resolved.datasets.isEmpty else { throw GridRunError.noDatasets(grid: grid.name) }
        var plan = try Planner.plan(resolved, in: context)
        if let seeds = selection.seeds {
            let restricted = plan.restricted(toSeeds: seeds)
            guard !restricted.cells.isEmpty else {
                throw GridRunError.seedsNotInGrid(grid: grid.name, asked: seeds.sorted(),
                                                  present: Set(plan.cells.map(\.seed)).sorted())
            }
            plan = restricted
        }
        if validatingData {
            for dataset in plan.datasets where dataset.spec.featureFolder != nil {
                _ = try context.loader.load(dataset.spec, seed: dataset.seeds.first ?? 0)
            }
        }
        if let list = selection.cellList {
            plan = plan.restricted(toCells: try CellList.read(list, plan: plan), shard: selection.shard)
        } else if let shard = selection.shard {
            plan = plan.restricted(to: shard)
        }
        return plan
    }

    /// Runs `plan`'s cells into the store at `storePath` (created when absent; cells already done
    /// are skipped unless `options.force`), loading data with `loader`. The store is refused before
    /// any training when it cannot be written. With `dependenciesFrom`, the plan's cells done in
    /// that store are copied in first (a shard store gets the main store's dependencies). Ends with
    /// a checkpoint, so the .sqlite file alone holds every row. Applies ``HeapTuning`` first. `log` receives the lines a person
    /// running it wants to see (copied cells, checkpoint problems, the summary). Failed cells are
    /// in the returned summary, not thrown.
    public static func run(_ plan: Plan, storePath: String, loader: DatasetLoader, options: RunOptions,
                           storeTimeout: Double = 30, dependenciesFrom: String? = nil,
                           log: (String) -> Void = { _ in }) throws -> RunSummary {
        HeapTuning.keepFreedBuffers()
        let store = try RunStore(path: storePath, busyTimeout: storeTimeout)
        try store.checkWritable()
        if let source = dependenciesFrom, FileManager.default.fileExists(atPath: source),
           URL(fileURLWithPath: source).standardizedFileURL != URL(fileURLWithPath: storePath).standardizedFileURL {
            let copied = try store.merge(from: [source], keys: Set(plan.cells.map(\.key.hex)), onlyDone: true)
            if copied.written > 0 { log("\(copied.written) done cell(s) copied from \(source)") }
        }
        let summary = try Runner(plan: plan, store: store, loader: loader, options: options).run()
        // The rows sit in the -wal file until a checkpoint: fold them in, so the .sqlite alone is complete.
        do {
            if try !store.checkpoint() {
                log("note: a reader of \(storePath) kept its write-ahead log from being emptied; every row is stored "
                    + "(part of them in \(storePath)-wal until the next writer folds it in)")
            }
        } catch {
            log("warning: could not checkpoint \(storePath): \(error)")
        }
        log(summary.text)
        return summary
    }
}

/// A grid that cannot be planned as asked (a usage error: the request, not the data, is wrong).
public enum GridRunError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The grid has no datasets of its own (e.g. `features`, which takes them from `--dataset`).
    case noDatasets(grid: String)
    /// None of the grid's cells has one of the asked seeds.
    case seedsNotInGrid(grid: String, asked: [UInt64], present: [UInt64])

    public var description: String {
        switch self {
        case .noDatasets(let grid):
            "grid '\(grid)' has no datasets of its own; give one with --dataset DIR (a feature folder)"
        case .seedsNotInGrid(let grid, let asked, let present):
            "--seeds \(asked.map(String.init).joined(separator: ",")): grid '\(grid)' has no cells with these seeds; "
                + "its seeds are \(present.map(String.init).joined(separator: ", "))"
        }
    }
}
