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
            let store = try RunStore(path: storeOptions.store)
            guard let cell = plan.cell(CellKey(hex: key)) else {
                throw try CellCommand.recordUnplanned(key: key, grid: grid, plan: plan, store: store, owner: owner)
            }
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
        } catch let error as ExitCode {
            throw error
        } catch {
            // One line without usage text: the runner copies this process's stderr into its log.
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }

    /// The cell `key` that the runner planned is not in this process's plan: the grid or its data
    /// changed after the run started. Records the claimed row as failed, with the documented
    /// `content_sha256` error when a feature folder's files changed (as an in-process run says),
    /// and returns that error (one line, no usage text: it ends up in the runner's log).
    static func recordUnplanned(key: String, grid: String, plan: Plan, store: RunStore, owner: String?) throws -> Error {
        guard var row = try store.records([key])[key] else {
            return HarnessError.invalidGrid(grid: grid, "cell \(key) is not in the grid as planned now (the grid or its data "
                + "changed after the run started); run again")
        }
        let planned = row.hyperparameters
        var error: Error = HarnessError.invalidGrid(grid: grid, "cell \(row.dataset)/\(row.objective)/s\(row.seed): not in the grid "
            + "as planned now (the grid or its data changed after the run started); run again")
        let plannedHashes = CellCommand.contentHashes(in: planned)
        for dataset in plan.datasets where dataset.label == row.dataset {
            guard let folder = dataset.spec.featureFolder, let found = folder.contentSHA256,
                  let was = plannedHashes.first, !plannedHashes.contains(found) else { continue }
            error = DataError(file: folder.path, field: "content_sha256",
                              "the folder's files changed after the grid was planned (planned \(was.prefix(12)), found \(found.prefix(12))); run again")
            break
        }
        row.status = .failed
        row.error = "\(error)"
        row.finishedAt = Date().timeIntervalSince1970
        row.wallSeconds = row.startedAt.map { Date().timeIntervalSince1970 - $0 }
        if let owner { try store.finish(row, owner: owner) } else { try store.upsert(row) }
        return error
    }

    /// The `content_sha256` values in a cell's stored spec JSON.
    static func contentHashes(in json: String) -> [String] {
        let marker = "\"content_sha256\":\""
        return json.components(separatedBy: marker).dropFirst().map { String($0.prefix(64)) }
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
