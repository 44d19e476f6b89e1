import ArgumentParser
import Foundation
import Harness

/// `bench --grid NAME` (also `bench grid --grid NAME`): run the grid, then print its Markdown
/// report and write it to results/NAME.md.
struct GridCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grid",
        abstract: "Run a grid and print its Markdown report (also written to results/NAME.md); = `bench --grid NAME`.",
        discussion: HarnessExit.help)

    @Option(help: "Grid name (see `bench list grids`).")
    var grid: String

    @Option(help: "Where the Markdown report is written (default results/NAME.md).")
    var out: String?

    @OptionGroup var flags: RunFlags
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var dataOptions: DataOptions

    func run() throws {
        let plan = try runGrid(grid, flags: flags, store: storeOptions, data: dataOptions)
        do {
            let text = try render(plan, format: .md, storePath: storeOptions.store)
            try write(text, to: out ?? "results/\(grid).md")
            print(text, terminator: "")
        } catch {
            throw HarnessExit.fail(error)
        }
    }
}
