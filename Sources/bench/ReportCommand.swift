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
            var entries: [HTMLIndexPage.Entry] = []
            for name in grid {
                let plan = try plannedGrid(name, seeds: seedSet, data: dataOptions, overrides: overrides)
                if let control { try validateControl(control, in: plan) }
                let folderOutput = format == .html && out != nil
                var outputs = try ReportOutputs(plan: plan, storePath: storeOptions.store, inFolder: folderOutput,
                                                control: control ?? "vanilla", reuseStale: reuseStale)
                if format == .html, let out {
                    let directory = (out as NSString).deletingLastPathComponent
                    if grid.count == 1 {
                        // One grid: its results folder, named after the page.
                        let folder = ResultsFolder(directory: directory,
                                                   base: ((out as NSString).lastPathComponent as NSString).deletingPathExtension)
                        // The page first: it is what was asked for.
                        let files = try folder.write(outputs.renderer, figures: outputs.figures)
                        written += [folder.path(.html)] + files.filter { $0 != folder.path(.html) }
                    } else {
                        // Several: each grid's folder next to the index, unless there (e.g. written by the grid's run).
                        let folder = ResultsFolder(directory: directory.isEmpty ? name : (directory as NSString).appendingPathComponent(name))
                        if !FileManager.default.fileExists(atPath: folder.path(.md)) {
                            written += try folder.write(outputs.renderer, figures: outputs.figures)
                        }
                        entries.append(.init(part: .init(renderer: outputs.renderer, figures: outputs.figures, fileBase: folder.base),
                                             folder: name))
                    }
                    continue
                }
                if format == .html {
                    parts.append(.init(renderer: outputs.renderer, figures: outputs.figures))
                    continue
                }
                if format == .md, let out { outputs.linkFigures(next: out) }
                let text = try outputs.renderer.render(format)
                if let out {
                    try write(text, to: out)
                    written.append(out)
                    if format == .md { written += try outputs.writeFigures(next: out) }
                } else {
                    print(text, terminator: "")
                }
            }
            if format == .html, grid.count > 1, let out {
                let page = HTMLIndexPage(header: ResultsFolder.header(version: codeVersion(), command: commandLine()), entries: entries)
                try write(page.text, to: out)
                written.insert(out, at: 0)
            } else if format == .html, out == nil {
                print(HTMLPage(header: ReportHeader(version: codeVersion(), command: commandLine()), grids: parts).text, terminator: "")
            }
            reportWritten(written)
        } catch {
            throw HarnessExit.fail(error)
        }
    }
}

/// A grid's report read from the store, ready to render in every format, with its figures.
struct ReportOutputs {
    let report: Report
    var renderer: ReportRenderer
    /// The grid's declared figures that have rows in the report.
    let figures: [Figure]

    /// The report of `plan` from the store at `storePath`, opened read-only; `inFolder`: for a
    /// results folder (its header names the provenance file instead of the code version); with
    /// `reuseStale`, stale cells are reported with their results, marked.
    init(plan: Plan, storePath: String, inFolder: Bool, control: String = "vanilla", reuseStale: Bool = false) throws {
        guard FileManager.default.fileExists(atPath: storePath) else {
            throw HarnessError.store(path: storePath, "no such file (run the grid first)")
        }
        let store = try RunStore(readingFrom: storePath)
        report = try Report(plan: plan, store: store,
                            stale: reuseStale ? try StaleCells(cells: plan.cells, store: store) : StaleCells())
        let header = inFolder ? ResultsFolder.header(version: codeVersion(), command: commandLine())
            : ReportHeader(version: codeVersion(), command: commandLine())
        renderer = ReportRenderer(report: report, header: header, control: control)
        let report = self.report
        figures = plan.figures.filter { $0.hasRows(in: report) }
        renderer.inlineFigures = figures
    }

    /// Links the figures from a Markdown file written at `path` (they go next to it).
    mutating func linkFigures(next path: String) {
        renderer.figures = figures.map { ($0.file, $0.title) }
    }

    /// Writes the SVG figures next to `path`; returns their paths.
    func writeFigures(next path: String) throws -> [String] {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        var paths: [String] = []
        for figure in figures {
            let file = directory.appendingPathComponent(figure.file).path
            try write(SVGFigure.render(figure, report: report), to: file)
            paths.append(file)
        }
        return paths
    }
}

/// Refuses (usage error, exit 64) a `--control` objective that `plan` does not have: its
/// comparisons would silently be left out.
func validateControl(_ control: String, in plan: Plan) throws {
    var objectives: [String] = []
    for dataset in plan.datasets { for row in dataset.rows where !objectives.contains(row.objective) { objectives.append(row.objective) } }
    guard objectives.contains(control) else {
        throw ValidationError("--control: objective '\(control)' is not in grid '\(plan.grid)'; expected one of \(objectives.joined(separator: ", "))")
    }
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

/// Writes `text` to `path`, creating its directory; a failure is one ``HarnessError/file(path:_:)``
/// line naming the path and the system's reason (exit 2).
func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
        throw HarnessError.file(path: path, "is a directory; expected a file name to write")
    }
    let directory = url.deletingLastPathComponent()
    do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
        throw HarnessError.file(directory.path, doing: "create the directory", error)
    }
    do { try Data(text.utf8).write(to: url, options: .atomic) } catch {
        throw HarnessError.file(path, doing: "write", error)
    }
}
