import ArgumentParser
import Foundation
import Harness
import Reports

/// The formats of `bench compare`.
enum CompareFormat: String, ExpressibleByArgument, CaseIterable {
    case md, json
}

/// `bench compare`: a grid's results in one store against another store or a JSON report,
/// per cell and metric, as paired differences with intervals and p-values.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare a grid's results in two stores (or a store and a JSON report): per cell and metric the paired "
            + "difference, its 95 % interval and p-value.",
        discussion: """
            Examples:
              bench compare --grid smoke --store new.sqlite --against old.sqlite
              bench compare --grid paper --store results/bench.sqlite \\
                  --against results/paper/report.json --format json
              bench compare --grid smoke --set training.epochs=3 \\
                  --store new.sqlite --against old.sqlite

            Differences are --store − --against. With per-example outcomes on both sides (two stores) the pairing is per test example within each seed (stratified bootstrap interval, exact McNemar p on the outcomes pooled over seeds); against a JSON report, or when the subsets differ, it is per seed (bootstrap over seeds, exact sign-flip permutation p). p-values are Holm-corrected within each dataset and metric. JSON rows carry dataset, objective, metric, delta, ci_low, ci_high, p_value, p_holm, seeds, n, test.

            Give the --dataset and --set the runs used: they are part of the cell keys. Exit status: 0 compared; 1 nothing to compare (no cell has results on both sides); 2 a store or report cannot be read; 64 usage error (unknown grid, bad option, --seeds that match no cell).
            """)

    @Option(help: "Grid name (see `bench list grids`).")
    var grid: String

    @Option(help: "The run store whose results are compared (the first operand).")
    var store: String = "results/bench.sqlite"

    @Option(help: "Another run store, or a JSON report (`bench report --format json`), to compare against.")
    var against: String

    @Option(help: "Output format: md or json.")
    var format: CompareFormat = .md

    @Option(help: "Only these seeds, comma-separated.")
    var seeds: String?

    @OptionGroup var overrideOptions: GridOverrideOptions

    func validate() throws { try validateGridName(grid) }

    func run() throws {
        do {
            let plan = try plannedGrid(grid, seeds: try RunFlags.parseSeeds(seeds), overrides: try overrideOptions.overrides())
            guard FileManager.default.fileExists(atPath: store) else {
                throw HarnessError.store(path: store, "no such file (run the grid first)")
            }
            guard FileManager.default.fileExists(atPath: against) else {
                throw HarnessError.store(path: against, "no such file (--against takes a run store or a JSON report)")
            }
            // Sniffed before any store is open: closing a descriptor of a file drops this
            // process's SQLite locks on it.
            let againstIsJSON = try CompareCommand.isJSON(against)
            let current = try Report(plan: plan, store: try RunStore(readingFrom: store))
            let other: [ReportRow]
            if againstIsJSON {
                let loaded = try ReportDocument.load(URL(fileURLWithPath: against))
                if let g = loaded.grid, g != plan.grid {
                    throw ReportFileError(path: against, "field 'grid' is '\(g)', expected '\(plan.grid)'")
                }
                other = loaded.rows
            } else {
                other = try Report(plan: plan, store: try RunStore(readingFrom: against)).rows
            }
            let comparison = RunComparison(current: current, currentName: store, against: other, againstName: against)
            print(format == .md ? comparison.markdown() : try comparison.json(), terminator: "")
            guard !comparison.comparisons.isEmpty else {
                // Different --dataset/--set, seeds or grids give different cell keys: nothing pairs up.
                FileHandle.standardError.write(Data(("error: nothing to compare: no cell of grid '\(plan.grid)' has results in both "
                    + "\(store) (\(current.rows.filter { !$0.seeds.isEmpty }.count) cell(s) with results) and \(against) "
                    + "(\(other.filter { !$0.seeds.isEmpty }.count)); were they run with other --dataset, --set or --seeds?\n").utf8))
                throw ExitCode(1)
            }
        } catch let error as ReportFileError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(2)
        } catch {
            throw HarnessExit.fail(error)
        }
    }

    /// Whether `path` holds JSON (its first non-blank byte opens an object or array) rather than SQLite.
    static func isJSON(_ path: String) throws -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw HarnessError.store(path: path, "cannot open for reading")
        }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 64)) ?? Data()
        return head.first { !(" \n\r\t" as String).utf8.contains($0) }.map { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") } ?? false
    }
}
