import ArgumentParser
import Foundation
import Harness
import Reports

/// `bench check`: run (or reuse) a grid and compare every cell's mean overall and synergy-subset
/// accuracy with a baseline report; exit 1 on a regression.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Run (or reuse) a grid and compare it with a baseline JSON report; exit 1 when a metric fell "
            + "by more than the tolerance or a baseline cell is missing.",
        discussion: "The baseline is a `bench report --format json` file (default results/baseline-NAME.json); "
            + "--update rewrites it from the current store. Prints a table of the deltas.\n\n"
            + "Examples:\n  bench check --grid smoke --tolerance 3\n  bench check --grid smoke --update")

    @Option(help: "Grid name (see `bench list grids`).")
    var grid: String

    @Option(help: "Baseline JSON report (default results/baseline-NAME.json).")
    var baseline: String?

    @Option(help: "Largest allowed fall of a mean accuracy, in points.")
    var tolerance: Double = 1.0

    @Flag(help: "Rewrite the baseline from the current results instead of comparing.")
    var update = false

    @OptionGroup var flags: RunFlags
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var dataOptions: DataOptions

    func validate() throws {
        try validateGridName(grid)
        guard tolerance >= 0 else { throw ValidationError("--tolerance must be non-negative, got \(tolerance)") }
    }

    func run() throws {
        let plan = try runGrid(grid, flags: flags, store: storeOptions, data: dataOptions)
        let path = baseline ?? "results/baseline-\(grid).json"
        let rows: [ReportRow]
        do {
            rows = try Report(plan: plan, store: try RunStore(path: storeOptions.store)).rows
        } catch {
            throw HarnessExit.fail(error)
        }
        if update {
            try write(try ReportRenderer.json(rows), to: path)
            print("baseline written to \(path) (\(rows.count) cells)")
            return
        }
        let baselineRows: [ReportRow]
        do {
            baselineRows = try CheckResult.loadBaseline(URL(fileURLWithPath: path))
        } catch {
            FileHandle.standardError.write(Data("error: cannot read baseline \(path): \(error)\n".utf8))
            throw ExitCode(2)
        }
        let result = CheckResult(current: rows, baseline: baselineRows, tolerance: tolerance)
        print(result.text, terminator: "")
        if !result.passed { throw ExitCode(1) }
    }
}
