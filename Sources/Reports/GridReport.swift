import Foundation
import Harness

/// Writing a grid's reports as a use case: the report of a plan read from a run store, ready to
/// render in every format, with the grid's figures that have rows. `bench report` and
/// `bench --grid` are this plus argument parsing; a Swift program or a test calls it directly.
///
///     let reports = try GridReport(plan: plan, storePath: "results/bench.sqlite",
///                                  header: ResultsFolder.header(version: version, command: command))
///     let written = try reports.write(to: ResultsFolder(directory: "results/\(plan.grid)"))
public struct GridReport: Sendable {
    /// The rows and datasets aggregated from the store.
    public let report: Report
    /// The renderer (statistics against the control objective computed once).
    public var renderer: ReportRenderer
    /// The grid's declared figures that have rows in the report.
    public let figures: [Figure]
    /// Cells reported as not run although the store holds their results as computed by other
    /// code (stale, ``StaleCells``), because `reuseStale` was off; 0 with it on.
    public let staleLeftOut: Int

    /// The report of `plan` from the store at `storePath`, opened read-only, with `header` (for a
    /// results folder, ``ResultsFolder/header(version:command:)``: it names the provenance file,
    /// not the code version); every objective is compared with `control`. With `reuseStale`,
    /// stale cells (``StaleCells``) are reported with their results, marked; without it they are
    /// reported as not run, and a note at the top of the report says how many there are and what
    /// to do (``staleLeftOut``). A missing store is a ``HarnessError/store(path:_:)``.
    public init(plan: Plan, storePath: String, header: ReportHeader, control: String = "vanilla",
                reuseStale: Bool = false) throws {
        guard FileManager.default.fileExists(atPath: storePath) else {
            throw HarnessError.store(path: storePath, "no such file (run the grid first)")
        }
        let store = try RunStore(readingFrom: storePath)
        let stale = try StaleCells(cells: plan.cells, store: store)
        var report = try Report(plan: plan, store: store, stale: reuseStale ? stale : StaleCells())
        staleLeftOut = reuseStale ? 0 : stale.records.count
        if staleLeftOut > 0 { report.notes.insert(Self.staleNote(staleLeftOut, grid: plan.grid), at: 0) }
        self.report = report
        renderer = ReportRenderer(report: report, header: header, control: control)
        figures = plan.figures.filter { $0.hasRows(in: report) }
        renderer.inlineFigures = figures
    }

    /// The warning for `count` stale cells left out of grid `grid`'s report.
    public static func staleNote(_ count: Int, grid: String) -> String {
        "\(count) cell(s) of grid `\(grid)` are stale: the store holds their results only as computed by other code "
            + "(`bench plan` lists them), so this report shows them as not run. `bench run --grid \(grid)` recomputes them; "
            + "`--reuse-stale` reports the stored results, marked stale."
    }

    /// Writes the grid's results folder (``ResultsFolder``: Markdown, LaTeX, CSV, JSON, HTML, the
    /// SVG figures and provenance.json); returns the paths written, the Markdown first.
    public func write(to folder: ResultsFolder) throws -> [String] {
        try folder.write(renderer, figures: figures)
    }

    /// Writes the report in `format` to `path` (creating its directory); Markdown links the
    /// figures and gets them written next to it. Returns the paths written, `path` first.
    public func write(_ format: ReportFormat, to path: String) throws -> [String] {
        var renderer = renderer
        if format == .md { renderer.figures = figures.map { ($0.file, $0.title) } }
        try ResultsFolder.write(try renderer.render(format), to: path)
        guard format == .md else { return [path] }
        return [path] + (try writeFigures(nextTo: path))
    }

    /// Writes the SVG figures into the directory of `path`; returns their paths.
    public func writeFigures(nextTo path: String) throws -> [String] {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        var paths: [String] = []
        for figure in figures {
            let file = directory.appendingPathComponent(figure.file).path
            try ResultsFolder.write(SVGFigure.render(figure, report: report), to: file)
            paths.append(file)
        }
        return paths
    }
}

extension Plan {
    /// The objectives of the plan's report rows, in first-seen order (what `control` may name).
    public var objectives: [String] {
        var objectives: [String] = []
        for dataset in datasets { for row in dataset.rows where !objectives.contains(row.objective) { objectives.append(row.objective) } }
        return objectives
    }
}

extension GridReport {
    /// Writes the page of several grids at `path` (e.g. results/index.html, ``HTMLIndexPage``):
    /// each grid's results folder, `NAME/` next to the page, is written first when its Markdown
    /// report is missing (a grid's own run normally wrote it), then the page, which shows each
    /// grid's answering figure and links its folder. Returns the paths written, the page first.
    public static func writeIndex(of grids: [GridReport], to path: String, header: ReportHeader) throws -> [String] {
        let directory = (path as NSString).deletingLastPathComponent
        var written: [String] = []
        var entries: [HTMLIndexPage.Entry] = []
        for grid in grids {
            let name = grid.report.grid
            let folder = ResultsFolder(directory: directory.isEmpty ? name : (directory as NSString).appendingPathComponent(name))
            if !FileManager.default.fileExists(atPath: folder.path(.md)) { written += try grid.write(to: folder) }
            entries.append(.init(part: .init(renderer: grid.renderer, figures: grid.figures, fileBase: folder.base), folder: name))
        }
        try ResultsFolder.write(HTMLIndexPage(header: header, entries: entries).text, to: path)
        return [path] + written
    }
}
