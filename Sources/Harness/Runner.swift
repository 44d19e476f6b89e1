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

    /// Options; `jobs` defaults to the number of cores.
    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, force: Bool = false, failFast: Bool = false) {
        self.jobs = max(1, jobs)
        self.force = force
        self.failFast = failFast
    }
}

/// What a run did.
public struct RunSummary: Sendable {
    /// Cells in the plan.
    public var total = 0
    /// Cells already done in the store (not rerun).
    public var skipped = 0
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
        var lines = ["\(total) cells: \(skipped) already done, \(completed) run, \(failures.count) failed, \(notRun) not run; "
                     + "\(Progress.format(seconds)) wall"]
        if let signal { lines.append("interrupted by signal \(signal): running cells are marked interrupted; rerun to resume") }
        for f in failures { lines.append("  failed \(f.cell): \(f.error)") }
        return lines.joined(separator: "\n")
    }
}

/// The metrics stored for a done cell.
struct StoredMetrics: Codable {
    let evaluation: Evaluation
    let bestEpoch: Int?
}

/// Runs a plan's cells `jobs` at a time (threads in this process, OpenBLAS single-threaded),
/// dependencies first, skipping cells already done, recording each finished cell in the store.
public final class Runner: @unchecked Sendable {
    private enum State { case pending, running, done, failed }

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
    private let host = ProcessInfo.processInfo.hostName

    /// A runner of `plan` against `store`, loading data with `loader`.
    public init(plan: Plan, store: RunStore, loader: DatasetLoader, options: RunOptions) {
        self.plan = plan
        self.store = store
        self.loader = loader
        self.options = options
    }

    /// Runs the plan. SIGINT/SIGTERM stop scheduling; the cells then running are marked
    /// interrupted and the summary carries the signal (the caller exits non-zero).
    public func run(progressInteractive: Bool? = nil) throws -> RunSummary {
        BLAS.setThreads(1)
        let start = Date()
        let existing = try store.statuses(plan.cells.map(\.key.hex))
        condition.lock()
        summary.total = plan.cells.count
        for cell in plan.cells {
            order.append(cell.key)
            if !options.force, existing[cell.key.hex] == .done {
                states[cell.key] = .done
                summary.skipped += 1
            } else {
                states[cell.key] = .pending
            }
        }
        let toRun = plan.cells.count - summary.skipped
        condition.unlock()
        let progress = progressInteractive.map { Progress(total: toRun, interactive: $0) } ?? Progress(total: toRun)
        self.progress = progress
        if summary.skipped > 0 { progress.log("\(plan.grid): \(summary.skipped) of \(plan.cells.count) cells already done") }

        let signals = installSignalHandlers()
        defer { signals.forEach { $0.cancel() } }

        if toRun > 0 {
            condition.lock()
            activeWorkers = min(options.jobs, toRun)
            condition.unlock()
            for i in 0..<min(options.jobs, toRun) {
                let thread = Thread { [self] in worker() }
                thread.name = "cell-worker-\(i)"
                thread.stackSize = 8 << 20
                thread.start()
            }
            condition.lock()
            while activeWorkers > 0 && summary.signal == nil { condition.wait() }
            if summary.signal != nil {
                let running = order.filter { states[$0] == .running }
                try? store.mark(running.map(\.hex), status: .interrupted, error: "interrupted by signal \(summary.signal ?? 0)")
            }
            summary.notRun = order.filter { states[$0] == .pending || states[$0] == .running }.count
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
                try? store.upsert(record(cell, status: .failed, error: error, started: Date()))
                if options.failFast { stopping = true }
                continue
            }
            if deps.allSatisfy({ $0 == .done }) { return cell }
        }
        return nil
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
            if stopping || !order.contains(where: { states[$0] == .pending }) { break }
            condition.wait()
        }
        activeWorkers -= 1
        condition.broadcast()
        condition.unlock()
    }

    private func execute(_ cell: Cell) {
        let started = Date()
        progress?.started(cell.label)
        try? store.upsert(record(cell, status: .running, error: nil, started: started))
        var result: CellRecord
        var detail = ""
        do {
            let data = try prepared(cell.spec.dataset, seed: cell.seed)
            let trainer = Trainer(configuration: cell.spec.training, model: cell.spec.model)
            let outcome = try trainer.outcome(of: cell.spec.objective, on: data, seed: cell.seed) {
                try cell.dependencies.map { try memberPredictions($0, of: cell) }
            }
            result = record(cell, status: .done, error: nil, started: started)
            result.metrics = try CanonicalJSON.string(StoredMetrics(evaluation: outcome.evaluation, bestEpoch: outcome.bestEpoch))
            result.predictions = try BlobCodec.encode(outcome.predictions)
            result.labels = try BlobCodec.encode(data.test.labels)
            result.synergyIndices = try SynergySubset.byConstruction(tags: data.test.tags).map { try BlobCodec.encode($0.indices) }
            result.provenance = data.source.provenance.label
            result.trainSeconds = outcome.trainSeconds
            result.examplesPerSecond = outcome.trainExamplesPerSecond
            detail = String(format: "acc %.3f", outcome.evaluation.accuracy)
        } catch {
            result = record(cell, status: .failed, error: "\(error)", started: started)
        }
        let finished = Date()
        result.finishedAt = finished.timeIntervalSince1970
        result.wallSeconds = finished.timeIntervalSince(started)

        condition.lock()
        defer { condition.unlock() }
        guard summary.signal == nil else { return }  // the main thread marks it interrupted
        do {
            try store.upsert(result)
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

    private func memberPredictions(_ key: CellKey, of cell: Cell) throws -> Predictions {
        guard let r = try store.records([key.hex])[key.hex], r.status == .done, let blob = r.predictions else {
            throw HarnessError.missingDependency(cell: cell.label, dependency: plan.cell(key)?.label ?? key.hex)
        }
        return try BlobCodec.decodePredictions(blob, key: key.hex)
    }

    private func prepared(_ spec: DatasetSpec, seed: UInt64) throws -> PreparedDataset {
        datasetLock.lock(); defer { datasetLock.unlock() }
        let id = "\(spec.canonicalJSON)#\(seed)"
        if let done = datasets[id] { return done }
        let data = PreparedDataset(try loader.load(spec, seed: seed))
        datasets[id] = data
        return data
    }

    private func record(_ cell: Cell, status: CellStatus, error: String?, started: Date) -> CellRecord {
        CellRecord(key: cell.key.hex, grid: cell.grid, dataset: cell.datasetLabel, objective: cell.objectiveName,
                   seed: Int64(bitPattern: cell.seed), hyperparameters: cell.specJSON, status: status, error: error,
                   startedAt: started.timeIntervalSince1970, host: host)
    }
}
