import ArgumentParser
import Foundation
import Harness
import Reports

/// `bench --grid NAME` (also `bench grid --grid NAME`): run the grid, then print its Markdown
/// report and write it to results/NAME.md, with .tex, .csv and .json next to it, and the grid's
/// SVG figures.
struct GridCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "Run a grid and print its Markdown report (also written to results/NAME.md with .tex, .csv, .json "
            + "and figures next to it); = `bench --grid NAME`.",
        discussion: """
            Ends by listing the files it wrote on stderr (results/NAME.md, .tex, .csv, .json, .html and the grid's SVG figures).

            Examples:
              bench --grid smoke
              bench --grid xor --jobs 2 --seeds 0,1 --out /tmp/xor/xor.md
            """)

    @Option(help: "Grid name (see `bench list grids`).")
    var grid: String

    @Option(help: "Where the Markdown report is written (default results/NAME.md); .tex, .csv, .json and figures go next to it.")
    var out: String?

    @OptionGroup var flags: RunFlags
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var kernel: BLASKernelOptions
    @OptionGroup var overrideOptions: GridOverrideOptions

    func validate() throws { try validateGridName(grid) }

    func run() throws {
        // The report is written when cells failed too (their rows say so); the exit status is then 1.
        _ = try runGrid(grid, flags: flags, store: storeOptions, data: dataOptions, kernel: kernel,
                        overrides: try overrideOptions.overrides()) { plan in
            let path = out ?? "results/\(grid).md"
            let outputs = try ReportOutputs(plan: plan, storePath: storeOptions.store, markdownPath: path,
                                            reuseStale: flags.reuseStale)
            let written = try outputs.writeAll(markdownPath: path)
            print(try outputs.renderer.render(.md), terminator: "")
            reportWritten(written)
        }
    }
}
