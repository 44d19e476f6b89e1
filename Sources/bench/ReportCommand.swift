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
            Formats: md (Markdown; with --out, the grid's SVG figures are written next to it), latex (booktabs; with --out FILE.tex, also one FILE-TABLE.tex per table), csv (header first, no comment line), json (header facts, rows with per-seed values, paired comparisons, emphasis, provenance), html (one self-contained page: tables, inline figures, provenance; with --out, the Markdown, LaTeX, CSV and JSON files it links to are written next to it when missing). Repeat --grid for one HTML page of several grids.

            Every objective is compared with --reference (paired per test example: stratified bootstrap interval, exact McNemar p, Holm-corrected); bold marks the best value of a column and every value not significantly worse. The same store always gives byte-identical output.

            Examples:
              bench report --grid smoke --format latex
              bench report --grid paper --grid xor --grid irony --format html --out results/index.html
            """)

    @Option(help: "Grid name (see `bench list grids`); repeat for an HTML page of several grids.")
    var grid: [String]

    @Option(help: "Output format: md, latex, csv, json or html.")
    var format: ReportFormat = .md

    @Option(help: "Write to this file instead of stdout.")
    var out: String?

    @Option(help: "Only these seeds, comma-separated.")
    var seeds: String?

    @Option(help: "Reference objective of the paired comparisons.")
    var reference: String = "vanilla"

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
            for name in grid {
                let plan = try plannedGrid(name, seeds: seedSet, data: dataOptions, overrides: overrides)
                let directory = out.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
                let markdownPath = format == .md ? out : directory?.appendingPathComponent("\(name).md").path
                let outputs = try ReportOutputs(plan: plan, storePath: storeOptions.store, markdownPath: markdownPath,
                                                reference: reference, reuseStale: reuseStale)
                if format == .html {
                    parts.append(.init(renderer: outputs.renderer, figures: outputs.figures))
                    // The files the page links to, unless there (e.g. written by the grid's run).
                    if let markdownPath, !FileManager.default.fileExists(atPath: markdownPath) {
                        written += try outputs.writeAll(markdownPath: markdownPath, html: false)
                    }
                    continue
                }
                let text = try outputs.renderer.render(format)
                if let out {
                    try write(text, to: out)
                    written.append(out)
                    if format == .md { written += try outputs.writeFigures() }
                    if format == .latex { written += try outputs.writeLatexTables(next: out) }
                } else {
                    print(text, terminator: "")
                }
            }
            if format == .html {
                let page = HTMLPage(header: ReportHeader(version: codeVersion(), command: commandLine()), grids: parts).text
                if let out {
                    try write(page, to: out)
                    written.insert(out, at: 0)
                } else {
                    print(page, terminator: "")
                }
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
    /// Where the figures go (the Markdown file's directory), nil = not written.
    let directory: URL?

    /// The report of `plan` from the store at `storePath`, opened read-only; with `reuseStale`,
    /// stale cells are reported with their results, marked.
    init(plan: Plan, storePath: String, markdownPath: String?, reference: String = "vanilla", reuseStale: Bool = false) throws {
        guard FileManager.default.fileExists(atPath: storePath) else {
            throw HarnessError.store(path: storePath, "no such file (run the grid first)")
        }
        let store = try RunStore(readingFrom: storePath)
        report = try Report(plan: plan, store: store,
                            stale: reuseStale ? try StaleCells(cells: plan.cells, store: store) : StaleCells())
        renderer = ReportRenderer(report: report, header: ReportHeader(version: codeVersion(), command: commandLine()),
                                  reference: reference)
        let report = self.report
        figures = plan.figures.filter { $0.hasRows(in: report) }
        directory = markdownPath.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
        if directory != nil { renderer.figures = figures.map { ($0.file, $0.title) } }
        renderer.inlineFigures = figures
    }

    /// Writes the SVG figures next to the Markdown; returns their paths.
    func writeFigures() throws -> [String] {
        guard let directory else { return [] }
        var paths: [String] = []
        for figure in figures {
            let path = directory.appendingPathComponent(figure.file).path
            try write(SVGFigure.render(figure, report: report), to: path)
            paths.append(path)
        }
        return paths
    }

    /// Writes each LaTeX table to its own file next to the combined `path` (BASE.tex →
    /// BASE-SLUG.tex, each with its `\label{tab:GRID:SLUG}`), for `\input` of one table; returns the paths.
    func writeLatexTables(next path: String) throws -> [String] {
        let base = path.hasSuffix(".tex") ? String(path.dropLast(4)) : path
        var paths: [String] = []
        for table in renderer.latexTables() {
            let file = "\(base)-\(table.slug).tex"
            try write(renderer.latex(table), to: file)
            paths.append(file)
        }
        return paths
    }

    /// Writes `markdownPath` and, next to it, the .tex (combined and one file per table), .csv
    /// and .json reports (and the .html page when `html`) and the figures; returns the paths
    /// written, the Markdown first.
    func writeAll(markdownPath: String, html: Bool = true) throws -> [String] {
        try write(try renderer.render(.md), to: markdownPath)
        var paths = [markdownPath]
        let base = markdownPath.hasSuffix(".md") ? String(markdownPath.dropLast(3)) : markdownPath
        for format in [ReportFormat.latex, .csv, .json] + (html ? [.html] : []) {
            let path = base + "." + format.fileExtension
            try write(try renderer.render(format), to: path)
            paths.append(path)
        }
        paths += try writeLatexTables(next: base + ".tex")
        return paths + (try writeFigures())
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
