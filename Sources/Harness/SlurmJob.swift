import Foundation

/// A grid handed to Slurm (`bench slurm`): the texts of the two batch scripts and the `sbatch`
/// arguments that submit them. A pure value — no files are read or written here.
///
/// - The **array script** is a job array of ``Options/tasks`` tasks (`--array=0-(N-1)`); task i
///   runs `bench run --grid NAME --cells DIR/cells.txt --shard (i+1)/N --store DIR/shard-i.sqlite
///   --dependencies-from MAIN` with the same `--data` and `--cache`: shard i+1 of N of the cells
///   listed in `cells.txt` (every N-th, from the (i+1)-th), plus the cells they depend on, whose rows are copied
///   from the main store when it already holds them done.
/// - The **merge script**, submitted with `--dependency=afterany:<array job>`, folds the shard
///   stores that exist into the main store (`bench merge --grid NAME`, which lists the grid's
///   cells still missing and exits 1 if there are any), then writes `DIR/report.md`.
///
/// Every path in the scripts is absolute and single-quoted; both scripts run under `set -euo pipefail`.
public struct SlurmJob: Sendable, Equatable {
    /// What `bench slurm` was given, with every path already absolute.
    public struct Options: Sendable, Equatable {
        /// The grid's name.
        public var grid: String
        /// Number of array tasks (shards), ≥ 1.
        public var tasks: Int
        /// `--partition`, if any.
        public var partition: String?
        /// `--time` (Slurm's formats, e.g. `2:00:00`, `1-00:00:00`), if any.
        public var time: String?
        /// `--cpus-per-task`, if any; also the `--jobs` of each task (1 when not given).
        public var cpusPerTask: Int?
        /// `--mem` (e.g. `4G`), if any.
        public var mem: String?
        /// The job directory: scripts, `cells.txt`, shard stores, logs, `report.md`.
        public var directory: String
        /// The `bench` executable.
        public var bench: String
        /// The main run store.
        public var store: String
        /// The feature cache directory.
        public var cache: String
        /// The real-data directory (nil: none given and the default one does not exist; the tasks
        /// then resolve `$SYNIB_DATA` or `data/` as the scheduling command did).
        public var data: String?
        /// `--dataset DIR` / `--set KEY=VALUE` arguments every task, the merge and the report repeat
        /// (``GridOverrides/arguments``, folders absolute): they are part of the cell keys.
        public var gridArguments: [String]

        /// Options; see the properties.
        public init(grid: String, tasks: Int, partition: String? = nil, time: String? = nil, cpusPerTask: Int? = nil,
                    mem: String? = nil, directory: String, bench: String, store: String, cache: String, data: String?,
                    gridArguments: [String] = []) {
            self.gridArguments = gridArguments
            self.grid = grid
            self.tasks = tasks
            self.partition = partition
            self.time = time
            self.cpusPerTask = cpusPerTask
            self.mem = mem
            self.directory = directory
            self.bench = bench
            self.store = store
            self.cache = cache
            self.data = data
        }
    }

    /// The options.
    public let options: Options

    /// Checks the options: at least one task, positive CPUs, `#SBATCH` values without blanks or
    /// quotes, absolute paths. Errors name the option.
    public init(_ options: Options) throws {
        func fail(_ message: String) -> HarnessError { .invalidSlurmOption(message) }
        guard options.tasks >= 1 else { throw fail("--tasks must be at least 1, got \(options.tasks)") }
        if let c = options.cpusPerTask, c < 1 { throw fail("--cpus-per-task must be at least 1, got \(c)") }
        guard !options.grid.isEmpty, options.grid.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw fail("--grid: '\(options.grid)' is not a plain grid name")
        }
        for (name, value) in [("--partition", options.partition), ("--time", options.time), ("--mem", options.mem)] {
            guard let value else { continue }
            guard !value.isEmpty, !value.contains(where: { $0.isWhitespace || "\"'\\$`#".contains($0) }) else {
                throw fail("\(name): '\(value)' must be non-empty, without blanks, quotes, $, ` or #")
            }
        }
        for (name, path) in [("--out", options.directory), ("bench executable", options.bench), ("--store", options.store),
                             ("--cache", options.cache), ("--data", options.data)] {
            guard let path else { continue }
            guard path.hasPrefix("/") else { throw fail("\(name): '\(path)' must be an absolute path") }
            guard !path.contains("\n") else { throw fail("\(name): the path contains a line break") }
        }
        self.options = options
    }

    /// `DIR/array.sbatch`.
    public var arrayScriptPath: String { file("array.sbatch") }
    /// `DIR/merge.sbatch`.
    public var mergeScriptPath: String { file("merge.sbatch") }
    /// `DIR/cells.txt`: the cells the array shards (``CellList``).
    public var cellListPath: String { file("cells.txt") }
    /// `DIR/report.md`, written by the merge job.
    public var reportPath: String { file("report.md") }

    private func file(_ name: String) -> String {
        (options.directory.hasSuffix("/") ? options.directory : options.directory + "/") + name
    }

    /// The `#SBATCH` lines shared by both scripts (partition, time).
    private var commonDirectives: [String] {
        var lines: [String] = []
        if let p = options.partition { lines.append("#SBATCH --partition=\(p)") }
        if let t = options.time { lines.append("#SBATCH --time=\(t)") }
        return lines
    }

    /// The job array's batch script.
    public var arrayScript: String {
        let o = options, q = SlurmJob.shellQuote
        let storePrefix = q(file("shard-"))
        var lines = [
            "#!/usr/bin/env bash",
            "# Generated by `bench slurm --grid \(o.grid) --tasks \(o.tasks)`: array task i runs shard i+1 of \(o.tasks)",
            "# of the cells listed in cells.txt (the grid's cells not yet done in the main store) into shard-i.sqlite.",
            "#SBATCH --job-name=bench-\(o.grid)",
            "#SBATCH --array=0-\(o.tasks - 1)",
            "#SBATCH --output=shard-%a.log",
        ]
        lines += commonDirectives
        if let c = o.cpusPerTask { lines.append("#SBATCH --cpus-per-task=\(c)") }
        if let m = o.mem { lines.append("#SBATCH --mem=\(m)") }
        lines += [
            "set -euo pipefail",
            "task=\"${SLURM_ARRAY_TASK_ID:?not a Slurm array task: submit with sbatch, or set SLURM_ARRAY_TASK_ID}\"",
            "exec \(q(o.bench)) run --grid \(q(o.grid)) \\",
            "  --cells \(q(cellListPath)) --shard \"$((task + 1))/\(o.tasks)\" \\",
            "  --store \(storePrefix)\"$task\"'.sqlite' --dependencies-from \(q(o.store)) \\",
            "  \(o.data.map { "--data \(q($0)) " } ?? "")--cache \(q(o.cache)) --jobs \"${SLURM_CPUS_PER_TASK:-1}\"\(gridSuffix)",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// " --dataset '…' --set '…'" (quoted), or "" without overrides.
    private var gridSuffix: String {
        options.gridArguments.isEmpty ? "" : " " + options.gridArguments.map(SlurmJob.shellQuote).joined(separator: " ")
    }

    /// The merge job's batch script.
    public var mergeScript: String {
        let o = options, q = SlurmJob.shellQuote
        var lines = [
            "#!/usr/bin/env bash",
            "# Generated by `bench slurm --grid \(o.grid) --tasks \(o.tasks)`: runs after the array job (afterany),",
            "# folds the shard stores that exist into the main store, lists the grid's cells still missing",
            "# (exit 1 if any: rerun `bench slurm` to schedule them) and writes report.md.",
            "#SBATCH --job-name=bench-\(o.grid)-merge",
            "#SBATCH --output=merge.log",
        ]
        lines += commonDirectives
        lines += [
            "set -euo pipefail",
            "bench=\(q(o.bench))",
            "dir=\(q(o.directory))",
            "shards=()",
            "for task in $(seq 0 \(o.tasks - 1)); do",
            "  if [ -f \"$dir/shard-$task.sqlite\" ]; then shards+=(\"$dir/shard-$task.sqlite\"); fi",
            "done",
            "status=0",
            "\"$bench\" merge --grid \(q(o.grid))\(gridSuffix) --store \(q(o.store)) ${shards[@]+\"${shards[@]}\"} || status=$?",
            "if ! \"$bench\" report --grid \(q(o.grid))\(gridSuffix) --store \(q(o.store)) --out \(q(reportPath)); then",
            "  if [ \"$status\" -eq 0 ]; then status=2; fi",
            "fi",
            "exit \"$status\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// The `sbatch` arguments that submit the array script (job id printed alone: `--parsable`).
    public var arraySubmitArguments: [String] {
        ["--parsable", "--chdir=\(options.directory)", arrayScriptPath]
    }

    /// The `sbatch` arguments that submit the merge script to run after array job `arrayJob`
    /// whatever its tasks' outcome (`afterany`).
    public func mergeSubmitArguments(afterArrayJob arrayJob: String) -> [String] {
        ["--parsable", "--chdir=\(options.directory)", "--dependency=afterany:\(arrayJob)", mergeScriptPath]
    }

    /// The shell commands that submit both scripts by hand (what `bench slurm` prints without `--submit`).
    public var submitCommands: String {
        let q = SlurmJob.shellQuote
        return "array=$(sbatch " + arraySubmitArguments.map(q).joined(separator: " ") + " | cut -d';' -f1)\n"
            + "sbatch " + mergeSubmitArguments(afterArrayJob: "$array").map { $0.contains("$array") ? "\"\($0)\"" : q($0) }
                .joined(separator: " ") + "\n"
    }

    /// The job id in `sbatch` output: `--parsable` prints `ID` or `ID;CLUSTER`; plain sbatch
    /// prints `Submitted batch job ID`. Throws, quoting the output, when there is none.
    public static func jobID(fromSbatchOutput output: String) throws -> String {
        let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
        for line in text.split(separator: "\n").reversed() {
            let line = line.trimmingCharacters(in: .whitespaces)
            let candidate: Substring
            if line.hasPrefix("Submitted batch job ") {
                candidate = line.dropFirst("Submitted batch job ".count).split(separator: " ").first ?? ""
            } else {
                candidate = line.split(separator: ";", omittingEmptySubsequences: false).first ?? ""
            }
            if !candidate.isEmpty, candidate.allSatisfy(\.isNumber) { return String(candidate) }
        }
        throw HarnessError.sbatch("printed no job id (expected 'ID', 'ID;CLUSTER' or 'Submitted batch job ID'): '\(text.prefix(200))'")
    }

    /// `text` quoted for bash: plain words as they are, anything else in single quotes.
    public static func shellQuote(_ text: String) -> String {
        if !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/._-=:,+@%".contains($0)) }) {
            return text
        }
        return "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
