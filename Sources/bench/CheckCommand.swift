import ArgumentParser
import Foundation
import Harness
import Reports

/// `bench check`: validate a baseline, run the grid (in a fresh temporary store unless `--store`
/// is given) and compare every cell's per-seed values with the baseline's, paired by seed;
/// exit 1 on a regression.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run a grid and compare it with a baseline JSON report, paired by seed; exit 1 when a metric regressed "
            + "or a baseline cell is missing.",
        discussion: """
            Examples:
              bench check --grid smoke --baseline .ci/baseline-smoke.json \\
                  --tolerance 3
              bench check --grid smoke --update     (rewrites .ci/baseline-smoke.json)

            The baseline (a `bench report --format json` file with per-seed values; default .ci/baseline-NAME.json) is checked first — it must exist, be of the same grid and hold the same cells — and nothing trains when it is not. The grid then runs in a fresh temporary store (removed afterwards) unless --store names one, whose done cells are reused.

            Per cell and metric (overall accuracy and each subset), the differences current − baseline of each seed give a mean and a 95 % bootstrap interval over seeds. REGRESSED (fails): the whole interval is below −tolerance. INCONCLUSIVE (printed with a hint to add seeds; does not fail): the interval straddles −tolerance. MISSING (fails): a baseline value the current run lacks.

            Returns 0 when passed; 1 when a metric regressed or is missing, or cells failed; 2 baseline missing, unreadable, of another grid or of other cells (nothing trained), or a run-store error; 64 usage error.
            """)

    @Option(help: "Grid name (see `bench list grids`).")
    var grid: String

    @Option(help: "Baseline JSON report (default .ci/baseline-NAME.json).")
    var baseline: String?

    @Option(help: "Tolerance in accuracy points: a metric regresses when the 95 % interval of current − baseline lies entirely below −tolerance.")
    var tolerance: Double = 1.0

    @Flag(help: "Rewrite the baseline from the current results instead of comparing.")
    var update = false

    @Option(help: "Run store to run in and reuse (default: a fresh temporary store, removed afterwards).")
    var store: String?

    @OptionGroup var flags: RunFlags
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var overrideOptions: GridOverrideOptions

    func validate() throws {
        try validateGridName(grid)
        guard tolerance >= 0 else { throw ValidationError("--tolerance must be non-negative, got \(tolerance)") }
    }

    /// The command that rewrites the baseline at `path`: the user's own --baseline, --dataset and --set.
    func updateCommand(_ path: String) -> String {
        var words = ["bench", "check", "--grid", grid]
        if let baseline { words += ["--baseline", baseline] }
        if let overrides = try? overrideOptions.overrides() { words += overrides.arguments }
        return (words.map { SlurmJob.shellQuote($0) } + ["--update"]).joined(separator: " ")
    }

    func run() throws {
        let path = baseline ?? ".ci/baseline-\(grid).json"
        let plan: Plan
        let overrides = try overrideOptions.overrides()
        do { plan = try plannedGrid(grid, flags: flags, data: dataOptions, overrides: overrides) } catch { throw HarnessExit.fail(error) }
        // The baseline is checked before anything trains.
        var baselineRows: [ReportRow] = []
        if !update {
            do {
                baselineRows = try CheckBaseline(path: path, plan: plan, seedsRestricted: flags.seeds != nil,
                                                 updateCommand: updateCommand(path)).rows
            } catch {
                FileHandle.standardError.write(Data("error: baseline \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
        var temporary: URL? = nil
        let storePath: String
        if let store {
            storePath = store
        } else {
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-check-\(UUID().uuidString)")
            temporary = dir
            storePath = dir.appendingPathComponent("check.sqlite").path
        }
        defer { if let temporary { try? FileManager.default.removeItem(at: temporary) } }
        let storeOptions = try StoreOptions.parse(["--store", storePath])
        _ = try runGrid(grid, flags: flags, store: storeOptions, data: dataOptions, overrides: overrides)
        let renderer: ReportRenderer
        do {
            let report = try Report(plan: plan, store: try RunStore(readingFrom: storePath))
            renderer = ReportRenderer(report: report, header: ReportHeader(version: codeVersion(), command: commandLine()))
        } catch {
            throw HarnessExit.fail(error)
        }
        if update {
            do { try write(try renderer.json(), to: path) } catch { throw HarnessExit.fail(error) }
            print("baseline written to \(path) (\(renderer.report.rows.count) cells with per-seed values)")
            return
        }
        let result = CheckResult(current: renderer.report.rows, baseline: baselineRows, tolerance: tolerance,
                                 updateCommand: updateCommand(path))
        print(result.text, terminator: "")
        if !result.passed { throw ExitCode(1) }
    }
}
