import Datasets
import Foundation
import Objectives
import Tensors

/// How a plan is run.
public struct RunOptions: Sendable {
    /// Cells run at a time.
    public var jobs: Int
    /// Rerun cells that are already done.
    public var force: Bool
    /// Stop scheduling at the first failure.
    public var failFast: Bool
    /// Keep stale cells (done only by other code, ``StaleCells``) instead of recomputing them,
    /// except those a cell to run depends on (its inputs are always computed by this code).
    public var reuseStale = false
    /// Threads in this process, or one child process per cell.
    public var execution: CellExecution
    /// This runner's claim owner id (see ``ClaimOwner``).
    public var owner: String = ClaimOwner.make()
    /// Seconds after which another runner's claim without heartbeat is taken over.
    public var claimTimeout: Double = 60
    /// Seconds between polls of cells another runner holds.
    public var pollInterval: Double = 0.25

    /// Options; `jobs` defaults to the number of cores.
    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, force: Bool = false, failFast: Bool = false,
                execution: CellExecution = .inProcess) {
        self.jobs = max(1, jobs)
        self.force = force
        self.failFast = failFast
        self.execution = execution
    }
}

/// Where cells run.
public enum CellExecution: Sendable {
    /// On worker threads of this process (datasets memoised in memory).
    case inProcess
    /// Each cell in a child process: `executable` with `arguments(cell)`, which must run the
    /// cell and write its row to the same store (`bench cell`). A crash of the child fails
    /// only that cell.
    case childProcesses(executable: URL, arguments: @Sendable (Cell) -> [String])
}

/// What a run did.
public struct RunSummary: Sendable {
    /// Cells in the plan.
    public var total = 0
    /// Cells already done in the store (not rerun).
    public var skipped = 0
    /// Stale cells kept (``RunOptions/reuseStale``): counted in ``skipped`` too.
    public var reusedStale = 0
    /// Cells another runner finished during this run.
    public var byOthers = 0
    /// Cells run to completion now.
    public var completed = 0
    /// Failed cells: label and error.
    public var failures: [(cell: String, error: String)] = []
    /// Cells left unrun (fail-fast or interruption).
    public var notRun = 0
    /// The signal that interrupted the run, if any.
    public var signal: Int32?
    /// Wall seconds.
    public var seconds = 0.0

    /// One paragraph for stderr.
    public var text: String {
        var lines = ["\(total) cells: \(skipped) already done" + (reusedStale > 0 ? " (\(reusedStale) stale, kept)" : "") + ", \(completed) run, "
                     + (byOthers > 0 ? "\(byOthers) run by another runner, " : "") + "\(failures.count) failed, \(notRun) not run; "
                     + "\(Progress.format(seconds)) wall"]
        if let signal { lines.append("interrupted by signal \(signal): running cells are marked interrupted; rerun to resume") }
        for f in failures { lines.append("  failed \(f.cell): \(f.error)") }
        return lines.joined(separator: "\n")
    }
}

/// Runs a plan's cells `jobs` at a time (threads in this process, OpenBLAS single-threaded),
/// dependencies first, skipping cells already done, recording each finished cell in the store.
public final class Runner: @unchecked Sendable {
    private enum State { case pending, running, done, failed, elsewhere }

    private let plan: Plan
    private let store: RunStore
    private let loader: DatasetLoader
    private let options: RunOptions
    private let condition = NSCondition()
    private var states: [CellKey: State] = [:]
    private var order: [CellKey] = []
    private var runningCount = 0
    private var activeWorkers = 0
    private var stopping = false
    private var summary = RunSummary()
    private var progress: Progress?
    private let datasetLock = NSLock()
    private var datasets: [String: PreparedDataset] = [:]
    private let executor: CellExecutor
    private var children: [CellKey: Process] = [:]

    /// A runner of `plan` against `store`, loading data with `loader`.
    public init(plan: Plan, store: RunStore, loader: DatasetLoader, options: RunOptions) {
        self.plan = plan
        self.store = store
        self.loader = loader
        self.options = options
        self.executor = CellExecutor(loader: loader)
    }

    /// Runs the plan. SIGINT/SIGTERM stop scheduling; the cells then running are marked
    /// interrupted and the summary carries the signal (the caller exits non-zero).
    public func run(progressInteractive: Bool? = nil) throws -> RunSummary {
        BLAS.setThreads(1)
        let start = Date()
        let existing = try store.statuses(plan.cells.map(\.key.hex))
        let stale = options.force ? StaleCells() : try StaleCells(cells: plan.cells, store: store)
        var kept = options.reuseStale ? Set(stale.records.keys) : []
        // A cell that runs reads its dependencies' results: those are computed by this code too.
        for cell in plan.cells where existing[cell.key.hex] != .done && !kept.contains(cell.key.hex) {
            for dependency in cell.dependencies { kept.remove(dependency.hex) }
        }
        condition.lock()
        summary.total = plan.cells.count
        for cell in plan.cells {
            order.append(cell.key)
            if !options.force, existing[cell.key.hex] == .done || kept.contains(cell.key.hex) {
                states[cell.key] = .done
                summary.skipped += 1
                if kept.contains(cell.key.hex) { summary.reusedStale += 1 }
            } else {
                states[cell.key] = .pending
            }
        }
        let toRun = plan.cells.count - summary.skipped
        condition.unlock()
        let progress = progressInteractive.map { Progress(total: toRun, interactive: $0) } ?? Progress(total: toRun)
        self.progress = progress
        if summary.skipped > 0 { progress.log("\(plan.grid): \(summary.skipped) of \(plan.cells.count) cells already done") }
        if !stale.records.isEmpty {
            progress.log("\(plan.grid): \(stale.records.count) cell(s) stale (done by other code): "
                + (summary.reusedStale > 0 ? "\(summary.reusedStale) kept (--reuse-stale), \(stale.records.count - summary.reusedStale) recomputed"
                                           : "recomputed"))
        }

        let signals = installSignalHandlers()
        defer { signals.forEach { $0.cancel() } }
        // Heartbeat of this runner's claims; released at the end (failed cells become claimable).
        let heartbeat = DispatchSource.makeTimerSource(queue: .global())
        let beat = max(0.05, options.claimTimeout / 4)
        heartbeat.schedule(deadline: .now() + beat, repeating: beat)
        heartbeat.setEventHandler { [store, owner = options.owner] in try? store.heartbeat(owner: owner) }
        heartbeat.resume()
        defer {
            heartbeat.cancel()
            try? store.release(owner: options.owner)
        }

        if toRun > 0 {
            let wanted = min(options.jobs, toRun)
            condition.lock()
            activeWorkers = wanted
            condition.unlock()
            let workers = try WorkerThreads.start(count: wanted) { [self] _ in worker() }
            condition.lock()
            activeWorkers -= wanted - workers.count  // threads the system refused
            while activeWorkers > 0 && summary.signal == nil { condition.wait() }
            // Joined unless interrupted: then the process exits without waiting for in-process
            // cells (they are marked interrupted below).
            if summary.signal == nil {
                condition.unlock()
                workers.join()
                condition.lock()
            }
            if summary.signal != nil {
                for child in children.values where child.isRunning { kill(child.processIdentifier, SIGTERM) }
                let running = order.filter { states[$0] == .running }
                try? store.mark(running.map(\.hex), status: .interrupted, error: "interrupted by signal \(summary.signal ?? 0)")
            }
            summary.notRun = order.filter { states[$0] == .pending || states[$0] == .running || states[$0] == .elsewhere }.count
            condition.unlock()
        }
        progress.close()
        condition.lock(); defer { condition.unlock() }
        summary.seconds = Date().timeIntervalSince(start)
        return summary
    }

    private func installSignalHandlers() -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { sig in
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [weak self] in self?.interrupt(sig) }
            source.resume()
            return source
        }
    }

    private func interrupt(_ sig: Int32) {
        condition.lock()
        if summary.signal == nil { summary.signal = sig }
        stopping = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next pending cell whose dependencies are done; cells whose dependencies failed fail too.
    private func nextReady() -> Cell? {
        for key in order where states[key] == .pending {
            guard let cell = plan.cell(key) else { continue }
            let deps = cell.dependencies.map { states[$0] ?? .failed }
            if let failed = zip(cell.dependencies, deps).first(where: { $0.1 == .failed }) {
                states[key] = .failed
                let error = "dependency \(plan.cell(failed.0)?.label ?? failed.0.short) failed"
                summary.failures.append((cell.label, error))
                let row = executor.record(cell, status: .failed, error: error, started: Date())
                if (try? store.claim(executor.record(cell, status: .running, error: nil, started: Date()), owner: options.owner,
                                     timeout: options.claimTimeout, force: options.force)) == .claimed {
                    _ = try? store.finish(row, owner: options.owner)
                }
                if options.failFast { stopping = true }
                continue
            }
            guard deps.allSatisfy({ $0 == .done }) else { continue }
            // Claim it: another runner may hold it or have finished it.
            do {
                switch try store.claim(executor.record(cell, status: .running, error: nil, started: Date()), owner: options.owner,
                                       timeout: options.claimTimeout, force: options.force) {
                case .claimed: return cell
                case .done:
                    states[key] = .done
                    summary.byOthers += 1
                    progress?.log("\(cell.label): done by another runner")
                case .heldBy:
                    states[key] = .elsewhere
                }
            } catch {
                states[key] = .failed
                summary.failures.append((cell.label, "could not claim: \(error)"))
                if options.failFast { stopping = true }
            }
        }
        return nil
    }

    /// Re-reads the cells other runners hold: done → done, failed by a live runner → failed here
    /// too, released, stale or orphaned → pending again (claimed on the next pick).
    private func refreshElsewhere() {
        let keys = order.filter { states[$0] == .elsewhere }
        guard !keys.isEmpty, let info = try? store.claims(keys.map(\.hex)) else { return }
        let now = Date().timeIntervalSince1970
        for key in keys {
            guard let c = info[key.hex] else { states[key] = .pending; continue }
            if c.status == .done { states[key] = .done; summary.byOthers += 1; continue }
            let live = c.owner.map { $0 != options.owner && (c.heartbeat ?? 0) >= now - options.claimTimeout
                                     && !ClaimOwner.isDeadLocally($0, me: options.owner) } ?? false
            if !live { states[key] = .pending; continue }
            if c.status == .failed {
                states[key] = .failed
                summary.failures.append((plan.cell(key)?.label ?? key.short, "failed in another runner (\(c.owner ?? "?"))"))
                if options.failFast { stopping = true }
            }
        }
    }

    private func worker() {
        condition.lock()
        while !stopping {
            if let cell = nextReady() {
                states[cell.key] = .running
                runningCount += 1
                condition.unlock()
                execute(cell)
                condition.lock()
                runningCount -= 1
                condition.broadcast()
                continue
            }
            let waiting = order.contains { states[$0] == .elsewhere }
            if stopping || !(waiting || order.contains(where: { states[$0] == .pending })) { break }
            if waiting {
                _ = condition.wait(until: Date().addingTimeInterval(options.pollInterval))
                refreshElsewhere()
            } else {
                condition.wait()
            }
        }
        activeWorkers -= 1
        condition.broadcast()
        condition.unlock()
    }

    private func execute(_ cell: Cell) {
        let started = Date()
        progress?.started(cell.label)
        var result: CellRecord
        switch options.execution {
        case .inProcess:
            result = executor.execute(cell, store: store, started: started) { [self] spec, seed in try prepared(spec, seed: seed) }
        case .childProcesses(let executable, let arguments):
            result = runChild(cell, executable: executable, arguments: arguments(cell), started: started)
        }
        let detail = result.metrics.flatMap { try? JSONDecoder().decode(StoredMetrics.self, from: Data($0.utf8)) }
            .map { String(format: "acc %.3f", $0.evaluation.accuracy) } ?? ""

        condition.lock()
        defer { condition.unlock() }
        guard summary.signal == nil else { return }  // the main thread marks it interrupted
        do {
            if case .inProcess = options.execution, try !store.finish(result, owner: options.owner) {
                // Another runner took the claim over (we were presumed dead): its row stands.
                states[cell.key] = .elsewhere
                progress?.finished(cell.label, seconds: result.wallSeconds ?? 0, detail: "claim lost; result discarded", error: nil)
                return
            }
        } catch {
            result.status = .failed
            result.error = "could not record: \(error)"
        }
        if result.status == .done {
            states[cell.key] = .done
            summary.completed += 1
        } else {
            states[cell.key] = .failed
            summary.failures.append((cell.label, result.error ?? "unknown error"))
            if options.failFast { stopping = true }
        }
        progress?.finished(cell.label, seconds: result.wallSeconds ?? 0, detail: detail, error: result.error)
    }

    /// Runs `cell` in a child process that writes its row; returns the row (a failed one, written
    /// here, when the child died without finishing it).
    private func runChild(_ cell: Cell, executable: URL, arguments: [String], started: Date) -> CellRecord {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment[ClaimOwner.environmentKey] = options.owner
        // Cells train on one BLAS thread. Without this, OpenBLAS starts a thread per core when the
        // library loads, before `main` can lower the count, and those threads spin (sched_yield)
        // for about 0.1 s of CPU per process: time taken from the cell running beside it.
        environment["OPENBLAS_NUM_THREADS"] = "1"
        environment[RunEnvironment.codeVersionVariable] = RunEnvironment.inheritableCodeVersion
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        var failure: String
        do {
            condition.lock()
            let stop = summary.signal != nil
            if !stop {
                do { try process.run() } catch { condition.unlock(); throw error }
                children[cell.key] = process
            }
            condition.unlock()
            if stop { return executor.record(cell, status: .interrupted, error: "interrupted", started: started) }
            let stderr = errors.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            condition.lock(); children[cell.key] = nil; condition.unlock()
            if let row = try store.records([cell.key.hex])[cell.key.hex], row.status == .done || row.status == .failed,
               (row.startedAt ?? 0) >= started.timeIntervalSince1970 - 1 {
                return row
            }
            let how = process.terminationReason == .uncaughtSignal ? "was killed by signal \(process.terminationStatus)"
                                                                     : "exited with status \(process.terminationStatus)"
            let tail = String(decoding: stderr.suffix(2000), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            failure = "cell process \(how) without recording a result" + (tail.isEmpty ? "" : ": \(tail)")
        } catch {
            failure = "could not start the cell process \(executable.path): \(error)"
        }
        var row = executor.record(cell, status: .failed, error: failure, started: started)
        row.finishedAt = Date().timeIntervalSince1970
        row.wallSeconds = Date().timeIntervalSince(started)
        condition.lock(); defer { condition.unlock() }
        if summary.signal == nil { _ = try? store.finish(row, owner: options.owner) }
        return row
    }

    private func prepared(_ spec: DatasetSpec, seed: UInt64) throws -> PreparedDataset {
        datasetLock.lock(); defer { datasetLock.unlock() }
        let id = "\(spec.canonicalJSON)#\(seed)"
        if let done = datasets[id] { return done }
        let data = PreparedDataset(try loader.load(spec, seed: seed))
        datasets[id] = data
        return data
    }
}
