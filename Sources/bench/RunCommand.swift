import ArgumentParser
import Foundation
import Harness

/// `bench run`: runs a grid's cells into the run store (resumable).
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a grid's cells into the run store; cells already done are skipped.",
        discussion: """
            Examples:
              bench run --grid paper --jobs 2
              bench run --grid xor --shard 1/4 --store results/shard-1.sqlite
            """)

    @Option(help: "Grid name (see `bench list grids`).")
    var grid: String

    @OptionGroup var flags: RunFlags
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var dataOptions: DataOptions
    @OptionGroup var kernel: BLASKernelOptions
    @OptionGroup var overrideOptions: GridOverrideOptions

    func validate() throws { try validateGridName(grid) }

    func run() throws {
        _ = try runGrid(grid, flags: flags, store: storeOptions, data: dataOptions, kernel: kernel,
                        overrides: try overrideOptions.overrides())
    }
}
