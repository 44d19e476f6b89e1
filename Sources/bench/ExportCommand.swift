import ArgumentParser
import Foundation
import Harness
import Reports

/// The formats of `bench export`.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, jsonl
}

/// `bench export`: a grid's stored results in tidy form.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export a grid's results tidy: one row per cell × seed × subset, every spec parameter in its own column, "
            + "the metrics and the provenance.",
        discussion: """
            Examples:
              bench export --grid paper --out /tmp/paper-tidy.csv
              bench export --grid smoke --store /tmp/smoke.sqlite --format jsonl
              bench export --grid features --dataset my-features --set training.epochs=5

            Columns: grid, dataset, objective, seed, subset ("overall" or a subset's name), status, n, correct, accuracy, macro_f1, best_epoch, provenance, key, host, timings, error, then the cell spec's parameters flattened with dots (dataset.*, objective.*, model.*, training.*). The CSV starts with its header and has no comment lines (pandas.read_csv reads it as is). Failed cells give one "overall" row with their error; cells not run give none.

            Exit status: 0 exported; 2 the store cannot be read; 64 usage error (unknown grid, --seeds that match no cell).
            """)

    @Option(help: "Grid name (see `bench list grids`).")
    var grid: String

    @Option(help: "Output format: csv or jsonl.")
    var format: ExportFormat = .csv

    @Option(help: "Write to this file instead of stdout.")
    var out: String?

    @Option(help: "Only these seeds, comma-separated.")
    var seeds: String?

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var overrideOptions: GridOverrideOptions

    func validate() throws { try validateGridName(grid) }

    func run() throws {
        do {
            let plan = try plannedGrid(grid, seeds: try RunFlags.parseSeeds(seeds), overrides: try overrideOptions.overrides())
            guard FileManager.default.fileExists(atPath: storeOptions.store) else {
                throw HarnessError.store(path: storeOptions.store, "no such file (run the grid first)")
            }
            let export = try TidyExport(plan: plan, store: try RunStore(readingFrom: storeOptions.store))
            let text = format == .csv ? export.csv() : try export.jsonl()
            if let out { try write(text, to: out) } else { print(text, terminator: "") }
        } catch {
            throw HarnessExit.fail(error)
        }
    }
}
