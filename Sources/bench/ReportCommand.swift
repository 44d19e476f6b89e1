import ArgumentParser
import Foundation
import Harness

/// Report output formats (LaTeX and CSV come with a later issue).
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case md, json
}

/// `bench report`: tables of a grid from the run store.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print (or write) a grid's tables from the run store: overall and synergy-subset accuracy.",
        discussion: HarnessExit.help)

    @Option(help: "Grid name (see `bench list grids`).")
    var grid: String

    @Option(help: "Output format: md or json.")
    var format: ReportFormat = .md

    @Option(help: "Write to this file instead of stdout.")
    var out: String?

    @Option(help: "Only these seeds, comma-separated.")
    var seeds: String?

    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        do {
            let plan = try plannedGrid(grid, seeds: try RunFlags.parseSeeds(seeds))
            let text = try render(plan, format: format, storePath: storeOptions.store)
            if let out { try write(text, to: out) } else { print(text, terminator: "") }
        } catch {
            throw HarnessExit.fail(error)
        }
    }
}

/// The report of `plan` from the store at `storePath` in `format`.
func render(_ plan: Plan, format: ReportFormat, storePath: String) throws -> String {
    guard FileManager.default.fileExists(atPath: storePath) else {
        throw HarnessError.store(path: storePath, "no such file (run the grid first)")
    }
    let report = try Report(plan: plan, store: try RunStore(path: storePath))
    switch format {
    case .md: return report.markdown()
    case .json: return try report.json()
    }
}

/// Writes `text` to `path`, creating its directory.
func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url, options: .atomic)
}
