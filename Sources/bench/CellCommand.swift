import ArgumentParser
import Experiments
import Foundation
import Harness
import Tensors

/// `bench cell` (internal): runs one planned cell of a grid and writes its row to the store.
/// The runner starts one such child process per cell, so that a crash fails only that cell.
struct CellCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cell",
        abstract: "Internal: run one cell of a grid (by key) and record it in the store.",
        shouldDisplay: false)

    @Option(help: "Grid name.")
    var grid: String

    @Option(help: "The cell's key (64 hex digits).")
    var key: String

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        BLAS.setThreads(1)
        do {
            let plan = try Planner.plan(try registry.grid(named: grid))
            guard let cell = plan.cell(CellKey(hex: key)) else {
                throw ValidationError("--key: grid \(grid) has no cell \(key) (was the grid changed?)")
            }
            let store = try RunStore(path: storeOptions.store)
            let executor = CellExecutor(loader: dataOptions.loader)
            let started = Date()
            try store.upsert(executor.record(cell, status: .running, error: nil, started: started))
            let row = executor.execute(cell, store: store, started: started)
            try store.upsert(row)
            if row.status != .done { throw ExitCode(1) }
        } catch let error as HarnessError {
            throw HarnessExit.fail(error)
        }
    }
}
