import ArgumentParser
import Experiments
import Foundation
import Harness
import Reports

extension ReportFormat: ExpressibleByArgument {}

/// `bench report`: tables of a grid from the run store.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Print (or write) a grid's tables from the run store: overall and synergy-subset accuracy.",
        discussion: """
            Formats: md (Markdown; with --out, the grid's SVG figures are written next to it), latex (booktabs: every table with its \\label), csv (header first, no comment line), json (header facts, rows with per-seed values, paired comparisons, emphasis, provenance), html (one self-contained page: the figure that answers the grid's question first, then its figures, tables and per-epoch curves). With --out, html writes the grid's results folder: the page and, next to it, the Markdown, LaTeX, CSV and JSON files it links to, the figures and provenance.json, the only file that names the code version. Repeat --grid for an index page of several grids: with --out DIR/index.html, each grid's folder DIR/NAME/ is written when its report.md is missing, and the index shows each grid's answering figure and links its folder.

            Every objective is compared with the control objective, --control (paired per test example: stratified bootstrap interval, exact McNemar p, Holm-corrected); bold marks the best value of a column and every value not significantly worse. The same store always gives byte-identical output.

            Examples:
              bench report --grid smoke --format latex
              bench report --grid paper --grid xor --grid irony --format html \\
                  --out results/index.html
            """)

    @Option(help: "Grid name (see `bench list grids`); repeat for an HTML page of several grids.")
    var grid: [String]

    @Option(help: "Output format: md, latex, csv, json or html.")
    var format: ReportFormat = .md

    @Option(help: "Write to this file instead of stdout.")
    var out: String?

    @Option(help: "Only these seeds, comma-separated.")
    var seeds: String?

    @Option(help: "Control objective every other one is compared with (default vanilla; when given, it must be one of the grid's objectives).")
    var control: String?

    @Flag(help: "Report stale cells (computed by other code, see `bench plan`) with their stored results, marked stale.")
    var reuseStale = false

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var overrideOptions: GridOverrideOptions

    @Option(help: "The data directory the grid was run with (default: $SYNIB_DATA or data/): it decides which cells a grid such as paper has.")
    var data: String?

    func validate() throws {
        guard !grid.isEmpty else { throw ValidationError("Missing expected argument '--grid <grid>'") }
        guard grid.count == 1 || format == .html else {
            throw ValidationError("--grid: several grids need --format html (got \(grid.count) grids for \(format.rawValue))")
        }
        for name in grid { try validateGridName(name) }
    }

    func run() throws {
        do {
            let seedSet = try RunFlags.parseSeeds(seeds)
            let dataOptions = try data.map { try DataOptions.parse(["--data", $0]) }
            let overrides = try overrideOptions.overrides()
            var written: [String] = []
            var parts: [HTMLPage.GridPart] = []
            var indexed: [GridReport] = []
            for name in grid {
                let plan = try plannedGrid(name, seeds: seedSet, data: dataOptions, overrides: overrides)
                if let control { try validateControl(control, in: plan) }
                let reports = try GridReport(plan: plan, storePath: storeOptions.store,
                                             header: reportHeader(inFolder: format == .html && out != nil),
                                             control: control ?? "vanilla", reuseStale: reuseStale)
                warnAboutStaleCells(reports)
                if format == .html, let out {
                    if grid.count == 1 {
                        // One grid: its results folder, named after the page.
                        let folder = ResultsFolder(directory: (out as NSString).deletingLastPathComponent,
                                                   base: ((out as NSString).lastPathComponent as NSString).deletingPathExtension)
                        // The page first: it is what was asked for.
                        let files = try reports.write(to: folder)
                        written += [folder.path(.html)] + files.filter { $0 != folder.path(.html) }
                    } else {
                        indexed.append(reports)  // each grid's folder goes next to the index page
                    }
                    continue
                }
                if format == .html {
                    parts.append(.init(renderer: reports.renderer, figures: reports.figures))
                    continue
                }
                if let out {
                    written += try reports.write(format, to: out)
                } else {
                    print(try reports.renderer.render(format), terminator: "")
                }
            }
            if format == .html, grid.count > 1, let out {
                written = try GridReport.writeIndex(of: indexed, to: out, header: reportHeader(inFolder: true))
            } else if format == .html, out == nil {
                print(HTMLPage(header: ReportHeader(version: codeVersion(), command: commandLine()), grids: parts).text, terminator: "")
            }
            reportWritten(written)
        } catch {
            throw HarnessExit.fail(error)
        }
    }
}

/// Refuses (usage error, exit 64) a `--control` objective that `plan` does not have: its
/// comparisons would silently be left out.
func validateControl(_ control: String, in plan: Plan) throws {
    guard plan.objectives.contains(control) else {
        throw ValidationError("--control: objective '\(control)' is not in grid '\(plan.grid)'; expected one of \(plan.objectives.joined(separator: ", "))")
    }
}

/// The header of a report written by this command: the code version in it, or, for a results
/// folder, the provenance file in its place.
func reportHeader(inFolder: Bool) -> ReportHeader {
    inFolder ? ResultsFolder.header(version: codeVersion(), command: commandLine())
        : ReportHeader(version: codeVersion(), command: commandLine())
}

/// Says on stderr which files a command wrote (stdout may carry the report itself).
func reportWritten(_ paths: [String]) {
    guard !paths.isEmpty else { return }
    FileHandle.standardError.write(Data(("wrote " + paths.joined(separator: ", ") + "\n").utf8))
}

/// Exits 64 with the command's usage line when `name` is not a registered grid.
func validateGridName(_ name: String) throws {
    guard registry.grids.contains(where: { $0.name == name }) else {
        throw ValidationError("--grid: unknown grid '\(name)'; expected one of \(registry.grids.map(\.name).joined(separator: ", "))")
    }
}

/// The code version every report names (``RunEnvironment/code``: the last commit that changed
/// code, `-dirty` when tracked code differs from it; the package version outside a checkout).
func codeVersion() -> String { RunEnvironment.current.code }

/// "bench" followed by this process's arguments.
func commandLine() -> String {
    (["bench"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
}

/// Writes `text` to `path`, creating its directory (``ResultsFolder/write(_:to:)``: a failure is
/// one line naming the path and the system's reason, exit 2).
func write(_ text: String, to path: String) throws { try ResultsFolder.write(text, to: path) }

/// Says on standard error that a report left stale cells out (``GridReport/staleLeftOut``), so
/// that "not run yet" in a table is never the only word a user gets about results that exist.
func warnAboutStaleCells(_ reports: GridReport) {
    guard reports.staleLeftOut > 0 else { return }
    FileHandle.standardError.write(Data("warning: \(GridReport.staleNote(reports.staleLeftOut, grid: reports.report.grid))\n".utf8))
}
