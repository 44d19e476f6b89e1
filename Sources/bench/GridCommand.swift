import ArgumentParser
import Foundation
import Harness
import Reports

/// `bench --grid NAME` (also `bench grid --grid NAME`): run the grid, then print its Markdown
/// report and write the grid's results folder (``ResultsFolder``: results/NAME/report.md with
/// .html, .json, .csv, .tex, the SVG figures and provenance.json next to it).
struct GridCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "Run a grid and print its Markdown report (also written to results/NAME/report.md with .html, .json, "
            + ".csv, .tex, figures and provenance.json next to it); = `bench --grid NAME`.",
        discussion: """
            Ends by listing the files it wrote on stderr (results/NAME/report.md, .tex, .csv, .json, .html, the grid's SVG figures and provenance.json). Only provenance.json names the code version and where the cells ran, so rewriting the folder from unchanged numbers changes no other file.

            Examples:
              bench --grid smoke
              bench --grid xor --jobs 2 --seeds 0,1 --out /tmp/xor/report.md
            """)

    @Option(help: "Grid name (see `bench list grids`).")
    var grid: String

    @Option(help: "Where the Markdown report is written (default results/NAME/report.md); the other files of the results folder go next to it.")
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
            let path = out ?? "results/\(grid)/report.md"
            let reports = try GridReport(plan: plan, storePath: storeOptions.store, header: reportHeader(inFolder: true),
                                         reuseStale: flags.reuseStale)
            warnAboutStaleCells(reports)
            let written = try reports.write(to: ResultsFolder(markdownPath: path))
            print(try reports.renderer.render(.md), terminator: "")
            reportWritten(written)
        }
    }
}
