import ArgumentParser
import Datasets
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
    @OptionGroup var kernel: BLASKernelOptions
    @OptionGroup var overrideOptions: GridOverrideOptions

    func run() throws {
        BLAS.setThreads(1)
        CellCommand.exitWithParent()
        // The runner that claimed this cell; rows are written only while it holds the claim.
        let owner = ProcessInfo.processInfo.environment[ClaimOwner.environmentKey]
        do {
            let context = dataOptions.context
            let resolved = try registry.grid(named: grid).resolved(in: context)
            let plan = try Planner.plan(try overrideOptions.overrides().apply(to: resolved), in: context)
            guard let cell = plan.cell(CellKey(hex: key)) else {
                throw ValidationError("--key: grid \(grid) has no cell \(key) (was the grid changed?)")
            }
            let store = try RunStore(path: storeOptions.store)
            let executor = CellExecutor(loader: dataOptions.loader)
            let started = Date()
            func write(_ row: CellRecord) throws {
                if let owner {
                    guard try store.finish(row, owner: owner) else {
                        FileHandle.standardError.write(Data("cell \(cell.label): the claim was taken over by another runner; result discarded\n".utf8))
                        throw ExitCode(1)
                    }
                } else {
                    try store.upsert(row)
                }
            }
            try write(executor.record(cell, status: .running, error: nil, started: started))
            let row = executor.execute(cell, store: store, started: started)
            try write(row)
            if row.status != .done { throw ExitCode(1) }
        } catch let error as HarnessError {
            throw HarnessExit.fail(error)
        } catch let error as FeatureFolderError {
            throw HarnessExit.fail(error)
        } catch let error as DataError {
            throw HarnessExit.fail(error)
        }
    }

    /// A cell process must not outlive its runner (e.g. after SIGKILL of `bench run`): a thread
    /// watches the parent and exits as soon as this process is reparented.
    static func exitWithParent() {
        let parent = getppid()
        guard parent > 1 else { return }
        let watcher = Thread {
            while true {
                usleep(50_000)
                if getppid() != parent { _exit(137) }
            }
        }
        watcher.name = "parent-watch"
        watcher.start()
    }
}
