import ArgumentParser
import Experiments
import Foundation
import Datasets
import Harness
import Objectives

/// `--store`, shared by the commands that use the run store.
struct StoreOptions: ParsableArguments {
    @Option(help: "SQLite run store.")
    var store: String = "results/bench.sqlite"
}

/// The options of a grid run (`bench run`, `bench --grid`).
struct RunFlags: ParsableArguments {
    // Unconditional: `--jobs -1` is a bad value (said so by validate()), not a missing one.
    @Option(parsing: .unconditional, help: "Cells run at a time (default: the number of cores).")
    var jobs: Int?

    /// `--jobs`, or the number of cores.
    var jobCount: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    @Option(help: ArgumentHelp("Run shard I of N (1 ≤ I ≤ N) of the cells, partitioned by cell key (with --cells: every "
            + "N-th listed cell from the I-th), plus the cells they depend on."))
    var shard: String?

    @Flag(help: "Rerun cells that are already done.")
    var force = false

    @Flag(help: "Stop scheduling at the first failed cell.")
    var failFast = false

    @Flag(help: "Keep stale cells (done by other code, see `bench plan`) instead of recomputing them; reports mark them.")
    var reuseStale = false

    @Option(help: ArgumentHelp("Only the cells listed in this file (one cell key per line, as `bench slurm` writes it) "
            + "plus the cells they depend on; with --shard I/N, every N-th listed cell from the I-th."))
    var cells: String?
    @Option(help: ArgumentHelp("Before running, copy the rows of this plan's cells that are done in this store (e.g. the "
            + "main store, when --store is a shard store) into --store, so that dependencies already done are not rerun."))
    var dependenciesFrom: String?
    @Option(help: "Only these seeds, comma-separated (e.g. 0,1).")
    var seeds: String?

    @Flag(help: "Run cells on threads of this process instead of one child process per cell.")
    var inProcess = false

    @Option(help: ArgumentHelp("Seconds without heartbeat after which another runner's claim on a cell is taken over.",
                               visibility: .hidden))
    var claimTimeout: Double = 60

    @Option(help: ArgumentHelp("Seconds to wait for another process's lock on the run store.", visibility: .hidden))
    var storeTimeout: Double = 30

    func validate() throws {
        if let jobs, jobs <= 0 { throw ValidationError("--jobs must be positive, got \(jobs)") }
        guard claimTimeout > 0, storeTimeout >= 0 else { throw ValidationError("--claim-timeout and --store-timeout must be positive") }
        if let shard { do { _ = try Shard(parsing: shard) } catch { throw ValidationError("\(error)") } }
        _ = try seedSet()
    }

    /// The parsed `--seeds`, nil for all.
    func seedSet() throws -> Set<UInt64>? { try RunFlags.parseSeeds(seeds) }

    /// Parses a comma-separated seed list; nil for nil.
    static func parseSeeds(_ seeds: String?) throws -> Set<UInt64>? {
        guard let seeds else { return nil }
        var set: Set<UInt64> = []
        for part in seeds.split(separator: ",") {
            guard let s = UInt64(part.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--seeds: '\(part)' is not a non-negative integer")
            }
            set.insert(s)
        }
        guard !set.isEmpty else { throw ValidationError("--seeds: no seeds given") }
        return set
    }
}

/// Exit statuses of the bench commands (in the top-level `--help` and docs/HARNESS.md).
enum HarnessExit {
    /// The exit-status table of the top-level help.
    static let help = """
        Exit status (every command):
          0    success (every cell done; report, merge or list written)
          1    a cell failed; a regression (check); cells missing (merge --grid);
               a bad data file, or a --dataset feature folder with bad contents
               (the error names the file and the field; nothing is run)
          2    run-store or grid error (unreadable store, invalid grid; check:
               a bad baseline)
          3    merge refused (conflicting cells)
          64   usage error: bad option or value; unknown grid, dataset, objective,
               --set key or value; a Transformer shape that cannot be built
               (e.g. width not divisible by the heads); --dataset not a
               feature folder
          130  interrupted by SIGINT, 143 by SIGTERM (running cells are marked
               interrupted; rerun to resume)
        """

    /// Maps a harness error to its exit status after printing it.
    static func fail(_ error: Error) -> Error {
        if let e = error as? HarnessError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            switch e {
            case .unknownGrid: return ExitCode(64)
            case .invalidShard, .invalidSlurmOption: return ExitCode(64)
            case .mergeConflict: return ExitCode(3)
            case .missingData: return ExitCode(1)
            default: return ExitCode(2)
            }
        }
        // A model shape that cannot be built (from --set or the grid) is a usage error.
        if let e = error as? TransformerSettingsError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            return ExitCode(64)
        }
        // A path that is not a feature folder is a usage error; bad folder contents are bad data.
        if let e = error as? FeatureFolderError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            return ExitCode(64)
        }
        if let e = error as? DataError {
            FileHandle.standardError.write(Data("error: \(e)\n".utf8))
            return ExitCode(1)
        }
        return error
    }
}

/// Looks up a grid and plans it with ``GridRun/plan(_:in:overrides:selection:validatingData:)``
/// against the run's data directory (`data`'s or the default one), restricted by the flags.
func plannedGrid(_ name: String, flags: RunFlags? = nil, seeds: Set<UInt64>? = nil, data: DataOptions? = nil,
                 overrides: GridOverrides = .none, validateData: Bool = false) throws -> Plan {
    let context = data?.context ?? DataOptions.defaultContext
    let selection = GridSelection(seeds: try seeds ?? flags?.seedSet(), cellList: flags?.cells,
                                  shard: try flags?.shard.map { try Shard(parsing: $0) })
    do {
        return try GridRun.plan(try registry.grid(named: name), in: context, overrides: overrides, selection: selection,
                                validatingData: validateData)
    } catch let error as GridRunError {
        throw ValidationError("\(error)")
    }
}

/// Runs a grid (``GridRun``), then `afterRun` (e.g. writing the report, also when cells failed);
/// returns the plan and throws the exit status when cells failed or a signal stopped it.
func runGrid(_ name: String, flags: RunFlags, store: StoreOptions, data: DataOptions,
             kernel: BLASKernelOptions? = nil, overrides: GridOverrides = .none,
             afterRun: ((Plan) throws -> Void)? = nil) throws -> Plan {
    do {
        let plan = try plannedGrid(name, flags: flags, data: data, overrides: overrides, validateData: true)
        let execution: CellExecution
        if flags.inProcess {
            execution = .inProcess
        } else {
            // Children run `bench cell` with the same store and data options.
            var common = ["--store", store.store, "--cache", data.cache] + (kernel?.childArguments ?? [])
            // The children resolve the grid against the same data directory: the same --data (absolute),
            // else the same $SYNIB_DATA or data/ (they inherit the environment and working directory).
            if let directory = data.data { common += ["--data", URL(fileURLWithPath: directory).standardizedFileURL.path] }
            if data.requireReal { common.append("--require-real") }
            common += overrides.arguments
            let grid = plan.grid, shared = common
            execution = .childProcesses(executable: currentExecutable()) { cell in
                ["cell", "--grid", grid, "--key", cell.key.hex] + shared
            }
        }
        var options = RunOptions(jobs: flags.jobCount, force: flags.force, failFast: flags.failFast, execution: execution)
        options.claimTimeout = flags.claimTimeout
        options.reuseStale = flags.reuseStale
        let summary = try GridRun.run(plan, storePath: store.store, loader: data.loader, options: options,
                                      storeTimeout: flags.storeTimeout, dependenciesFrom: flags.dependenciesFrom) {
            FileHandle.standardError.write(Data(($0 + "\n").utf8))
        }
        if let signal = summary.signal { throw ExitCode(128 + signal) }
        try afterRun?(plan)
        if !summary.failures.isEmpty { throw ExitCode(1) }
        return plan
    } catch {
        throw HarnessExit.fail(error)
    }
}

/// This program's executable (for the per-cell child processes).
func currentExecutable() -> URL {
    let proc = URL(fileURLWithPath: "/proc/self/exe")
    if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: proc.path) {
        return URL(fileURLWithPath: target)
    }
    return Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
}
