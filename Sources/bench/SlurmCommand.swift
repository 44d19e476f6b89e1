import ArgumentParser
import Datasets
import Experiments
import Foundation
import Harness

/// `bench slurm`: hands a grid to Slurm as a job array of shards plus a merge job (``SlurmJob``).
/// Writes `DIR/cells.txt` (the grid's cells not yet done in the main store), `DIR/array.sbatch`
/// and `DIR/merge.sbatch`; with `--submit` submits both and prints the job ids, else prints the
/// commands that do. Shard stores left in DIR by an earlier round are merged into the main store
/// first (then removed), so rerunning `bench slurm` schedules exactly the cells still missing.
struct SlurmCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slurm",
        abstract: "Write (and with --submit, submit) Slurm batch scripts that run a grid as a job array of shards "
            + "and merge the shard stores into the main store.",
        discussion: """
            Array task i (0 ≤ i < N) runs `bench run --grid NAME --cells DIR/cells.txt --shard (i+1)/N \
            --store DIR/shard-i.sqlite --dependencies-from STORE`; the merge job (afterany) runs `bench merge --grid NAME` \
            into STORE, lists the cells still missing (exit 1) and writes DIR/report.md. Cells already done in STORE are \
            not scheduled; rerun bench slurm after a failure to schedule what is missing. Do not rerun it while an \
            earlier array of the same DIR is still running.

            Examples:
              bench slurm --grid paper --tasks 16 --out slurm/paper
              bench slurm --grid paper --tasks 16 --out slurm/paper --submit
              bench slurm --grid features --dataset my-features --tasks 4
            """)

    @Option(help: "Grid name (see `bench list grids`).")
    var grid: String

    @Option(help: "Number of array tasks (shards); at most one per cell still to run.")
    var tasks: Int

    @Option(help: "Slurm partition (#SBATCH --partition).")
    var partition: String?

    @Option(help: "Time limit per job, in Slurm's format, e.g. 2:00:00 (#SBATCH --time).")
    var time: String?

    @Option(help: "CPUs per array task (#SBATCH --cpus-per-task); also each task's --jobs (default 1).")
    var cpusPerTask: Int?

    @Option(help: "Memory per array task, e.g. 4G (#SBATCH --mem).")
    var mem: String?

    @Option(help: "Job directory for the scripts, cells.txt, shard stores, logs and report.md (default results/slurm-NAME).")
    var out: String?

    @Flag(help: "Submit both scripts with sbatch and print the job ids.")
    var submit = false

    @Option(help: ArgumentHelp("The sbatch executable (default: sbatch on PATH).", visibility: .hidden))
    var sbatch: String = "sbatch"

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var overrideOptions: GridOverrideOptions

    func validate() throws { try validateGridName(grid) }

    func run() throws {
        do {
            let overrides = try overrideOptions.overrides()
            let plan = try plannedGrid(grid, data: dataOptions, overrides: overrides, validateData: true)
            // The tasks run in the job directory: feature folders by absolute path.
            let gridArguments = GridOverrides(datasets: overrides.datasets.map(absolute),
                                              parsedSettings: overrides.settings).arguments
            var job = try SlurmJob(SlurmJob.Options(
                grid: grid, tasks: tasks, partition: partition, time: time, cpusPerTask: cpusPerTask, mem: mem,
                directory: absolute(out ?? "results/slurm-\(grid)"), bench: currentExecutable().path,
                store: absolute(storeOptions.store), cache: absolute(dataOptions.cache),
                data: dataOptions.data.map(absolute) ?? existingDefaultDataDirectory(), gridArguments: gridArguments))
            try FileManager.default.createDirectory(atPath: job.options.directory, withIntermediateDirectories: true)
            try foldEarlierShards(job)

            let statuses = FileManager.default.fileExists(atPath: job.options.store)
                ? try RunStore(path: job.options.store).statuses(plan.cells.map(\.key.hex)) : [:]
            let remaining = plan.cells.filter { statuses[$0.key.hex] != .done }.map(\.key)
            let done = plan.cells.count - remaining.count
            guard !remaining.isEmpty else {
                print("grid \(grid): all \(plan.cells.count) cells are done in \(job.options.store); nothing to schedule")
                return
            }
            if tasks > remaining.count {  // the extra array tasks would start, find no cell and stop
                var fewer = job.options
                fewer.tasks = remaining.count
                job = try SlurmJob(fewer)
                FileHandle.standardError.write(Data("--tasks \(tasks) is more than the \(remaining.count) cells to run: using \(remaining.count) array task(s)\n".utf8))
            }
            let o = job.options
            try write(CellList.render(remaining, comments: [
                "bench slurm --grid \(grid): the \(remaining.count) of \(plan.cells.count) cells not done in \(o.store)",
                "array task i (0-based) runs the (i+1)-th, (i+1+\(o.tasks))-th, … key below, plus the cells they depend on"]),
                to: job.cellListPath)
            try write(job.arrayScript, to: job.arrayScriptPath)
            try write(job.mergeScript, to: job.mergeScriptPath)
            for path in [job.arrayScriptPath, job.mergeScriptPath] {
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
            }
            print("grid \(grid): \(remaining.count) of \(plan.cells.count) cells to run (\(done) already done in \(o.store)) "
                  + "in \(o.tasks) array task(s)")
            print("wrote \(job.cellListPath)\nwrote \(job.arrayScriptPath)\nwrote \(job.mergeScriptPath)")
            if submit {
                let array = try runSbatch(job.arraySubmitArguments)
                print("array job \(array): \(o.tasks) task(s), logs \(o.directory)/shard-<i>.log")
                let merge = try runSbatch(job.mergeSubmitArguments(afterArrayJob: array))
                print("merge job \(merge): after array job \(array); log \(o.directory)/merge.log, report \(job.reportPath)")
            } else {
                print("submit with:\n" + job.submitCommands.split(separator: "\n").map { "  \($0)" }.joined(separator: "\n"))
            }
        } catch {
            throw HarnessExit.fail(error)
        }
    }

    /// Merges shard stores an earlier round left in the job directory into the main store and
    /// removes them (with their WAL files), so a new round starts from empty shard stores.
    private func foldEarlierShards(_ job: SlurmJob) throws {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: job.options.directory)) ?? []
        let shards = names.filter { name in
            name.hasPrefix("shard-") && name.hasSuffix(".sqlite") && Int(name.dropFirst(6).dropLast(7)) != nil
        }.sorted().map { job.options.directory + "/" + $0 }
        guard !shards.isEmpty else { return }
        let summary = try RunStore(path: job.options.store).merge(from: shards)
        for shard in shards {
            for suffix in ["", "-wal", "-shm"] where FileManager.default.fileExists(atPath: shard + suffix) {
                try FileManager.default.removeItem(atPath: shard + suffix)
            }
        }
        FileHandle.standardError.write(Data(("folded \(shards.count) shard store(s) of an earlier round into \(job.options.store) "
            + "(\(summary.written) written, \(summary.identical) identical, \(summary.skipped) skipped) and removed them\n").utf8))
    }

    /// Runs sbatch with `arguments`; returns the job id.
    private func runSbatch(_ arguments: [String]) throws -> String {
        guard let executable = findExecutable(sbatch) else {
            throw HarnessError.sbatch("'\(sbatch)' not found on PATH (is Slurm's client installed here? "
                                      + "without --submit, bench slurm only writes the scripts)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { throw HarnessError.sbatch("cannot run \(executable): \(error)") }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errText = String(decoding: stderr, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else {
            throw HarnessError.sbatch("\(executable) \(arguments.joined(separator: " ")) exited with status "
                                      + "\(process.terminationStatus)" + (errText.isEmpty ? "" : ": \(errText)"))
        }
        return try SlurmJob.jobID(fromSbatchOutput: String(decoding: stdout, as: UTF8.self))
    }
}

/// `path` made absolute against the current directory, normalised.
func absolute(_ path: String) -> String {
    URL(fileURLWithPath: path).standardizedFileURL.path
}

/// `name` if it contains a slash (and is executable), else the first executable `name` on PATH.
func findExecutable(_ name: String) -> String? {
    if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? absolute(name) : nil }
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
    for dir in path.split(separator: ":") where !dir.isEmpty {
        let candidate = "\(dir)/\(name)"
        if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
    }
    return nil
}

/// The default data directory (`$SYNIB_DATA` or `data/`), absolute, when it exists (a `--data`
/// that does not exist is an error, so the array tasks get none).
private func existingDefaultDataDirectory() -> String? {
    let path = absolute(DatasetLoader.defaultDataDirectory().path)
    var isDirectory: ObjCBool = false
    return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue ? path : nil
}
