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
        discussion: "Formats: md (Markdown; with --out, the grid's SVG figures are written next to it), latex "
            + "(booktabs; with --out FILE.tex, also one FILE-TABLE.tex per table), csv (header first, no comment line), json "
            + "(header facts, rows with per-seed values, paired comparisons, emphasis). Every objective is compared with "
            + "--reference (paired per test example: stratified bootstrap interval, exact McNemar p, Holm-corrected); "
            + "bold marks the best value of a column and every value not significantly worse. The same store always gives "
            + "byte-identical output.\n" + HarnessExit.help)

    @Option(help: "Grid name (see `bench list grids`).")
    var grid: String

    @Option(help: "Output format: md, latex, csv or json.")
    var format: ReportFormat = .md

    @Option(help: "Write to this file instead of stdout.")
    var out: String?

    @Option(help: "Only these seeds, comma-separated.")
    var seeds: String?

    @Option(help: "Reference objective of the paired comparisons.")
    var reference: String = "vanilla"

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var overrideOptions: GridOverrideOptions

    @Option(help: "The data directory the grid was run with (default: $SYNIB_DATA or data/): it decides which cells a grid such as paper has.")
    var data: String?

    func run() throws {
        do {
            let plan = try plannedGrid(grid, seeds: try RunFlags.parseSeeds(seeds),
                                       data: try data.map { try DataOptions.parse(["--data", $0]) },
                                       overrides: try overrideOptions.overrides())
            let outputs = try ReportOutputs(plan: plan, storePath: storeOptions.store, markdownPath: out, reference: reference)
            let text = try outputs.renderer.render(format)
            if let out {
                try write(text, to: out)
                if format == .md { try outputs.writeFigures() }
                if format == .latex { try outputs.writeLatexTables(next: out) }
            } else {
                print(text, terminator: "")
            }
        } catch {
            throw HarnessExit.fail(error)
        }
    }
}

/// A grid's report read from the store, ready to render in every format, with its figures.
struct ReportOutputs {
    let report: Report
    var renderer: ReportRenderer
    let figures: [FigureSpec]
    /// Where the figures go (the Markdown file's directory), nil = not written.
    let directory: URL?

    init(plan: Plan, storePath: String, markdownPath: String?, reference: String = "vanilla") throws {
        guard FileManager.default.fileExists(atPath: storePath) else {
            throw HarnessError.store(path: storePath, "no such file (run the grid first)")
        }
        report = try Report(plan: plan, store: try RunStore(path: storePath))
        renderer = ReportRenderer(report: report, header: ReportHeader(version: codeVersion(), command: commandLine()),
                                  reference: reference)
        let report = self.report
        figures = figureSpecs(for: plan.grid).filter { spec in
            spec.series.contains { s in s.points.contains { p in report.rows.contains { $0.dataset == p.dataset } } }
        }
        directory = markdownPath.map { URL(fileURLWithPath: $0).deletingLastPathComponent() }
        if directory != nil { renderer.figures = figures.map { ($0.file, $0.title) } }
    }

    /// Writes the SVG figures next to the Markdown.
    func writeFigures() throws {
        guard let directory else { return }
        for spec in figures {
            try write(SVGFigure.render(spec, report: report), to: directory.appendingPathComponent(spec.file).path)
        }
    }

    /// Writes each LaTeX table to its own file next to the combined `path` (BASE.tex →
    /// BASE-SLUG.tex, each with its `\label{tab:GRID:SLUG}`), for `\input` of one table.
    func writeLatexTables(next path: String) throws {
        let base = path.hasSuffix(".tex") ? String(path.dropLast(4)) : path
        for table in renderer.latexTables() {
            try write(renderer.latex(table), to: "\(base)-\(table.slug).tex")
        }
    }

    /// Writes `markdownPath` and, next to it, the .tex (combined and one file per table), .csv
    /// and .json reports and the figures; returns the Markdown.
    func writeAll(markdownPath: String) throws -> String {
        let markdown = try renderer.render(.md)
        try write(markdown, to: markdownPath)
        let base = markdownPath.hasSuffix(".md") ? String(markdownPath.dropLast(3)) : markdownPath
        for format in [ReportFormat.latex, .csv, .json] {
            try write(try renderer.render(format), to: base + "." + format.fileExtension)
        }
        try writeLatexTables(next: base + ".tex")
        try writeFigures()
        return markdown
    }
}

/// The figures of a grid: synergy accuracy vs λ and vs synergy fraction (`xor`), irony F1 vs α
/// (`irony`), accuracy vs the learned mask's λ (`ablation`).
func figureSpecs(for grid: String) -> [FigureSpec] {
    switch grid {
    case "xor":
        let lambdaTicks = XORSweep.lambdas.enumerated().map { (Double($0.offset), $0.element == 0 ? "0 (vanilla)" : String(format: "%g", Double($0.element))) }
        func lambdaSeries(_ objective: String, _ name: String) -> FigureSpec.Series {
            FigureSpec.Series(name: name, points: XORSweep.lambdas.enumerated().map { i, lambda in
                lambda == 0
                    ? .init(x: Double(i), dataset: XORSweep.label(fraction: 0.10, lambda: 10), objective: "vanilla")
                    : .init(x: Double(i), dataset: XORSweep.label(fraction: 0.10, lambda: lambda), objective: objective)
            })
        }
        let lambda = FigureSpec(file: "xor-lambda.svg", title: "PID-XOR: synergy-subset accuracy vs λ",
                                xLabel: "λ (synergy fraction 0.10)", yLabel: "synergy-subset accuracy (%)",
                                metric: .subset("by-construction"), xTicks: lambdaTicks,
                                series: [lambdaSeries("synib-random", "SynIB-random"), lambdaSeries("synib-oracle", "SynIB-oracle")])
        let fractionTicks = XORSweep.fractions.map { ($0, String(format: "%.2f", $0)) }
        let fraction = FigureSpec(
            file: "xor-fraction.svg", title: "PID-XOR: synergy-subset accuracy vs synergy fraction",
            xLabel: "synergy fraction (λ = 10)", yLabel: "synergy-subset accuracy (%)", metric: .subset("by-construction"),
            xTicks: fractionTicks,
            series: [("vanilla", "vanilla"), ("synib-random", "SynIB-random"), ("synib-oracle", "SynIB-oracle")].map { objective, name in
                FigureSpec.Series(name: name, points: XORSweep.fractions.map {
                    .init(x: $0, dataset: XORSweep.label(fraction: $0, lambda: 10), objective: objective)
                })
            })
        return [lambda, fraction]
    case "irony":
        let objectives = [("unimodal-0", "unimodal (top)"), ("unimodal-1", "unimodal (bottom)"), ("ensemble", "ensemble"),
                          ("vanilla", "vanilla"), ("synib-random", "SynIB-random")]
        func figure(_ dataset: String, file: String, title: String) -> FigureSpec {
            FigureSpec(file: file, title: title, xLabel: "α (irony examples / mean class count)", yLabel: "irony-class F1 (%)",
                       metric: .ironyF1, xTicks: IronySweep.alphas.map { ($0, String(format: "%g", $0)) },
                       series: objectives.map { objective, name in
                           FigureSpec.Series(name: name, points: IronySweep.alphas.map {
                               .init(x: $0, dataset: IronySweep.label(dataset, alpha: $0), objective: objective)
                           })
                       })
        }
        return [figure("digits-irony", file: "irony-f1.svg", title: "Digits-irony: irony F1 vs α"),
                figure("cremad-irony", file: "irony-f1-cremad.svg", title: "CREMA-D irony: irony F1 vs α")]
    case "ablation":
        let ticks = LambdaSweep.lambdas.enumerated().map { (Double($0.offset), String(format: "%g", Double($0.element))) }
        func series(_ dataset: String, _ objective: String, _ name: String) -> FigureSpec.Series {
            FigureSpec.Series(name: name, points: LambdaSweep.lambdas.enumerated().map {
                .init(x: Double($0.offset), dataset: LambdaSweep.label(dataset, lambda: $0.element), objective: objective)
            })
        }
        let overall = FigureSpec(file: "ablation-lambda.svg", title: "SynIB-learned: overall accuracy vs λ of the learned mask",
                                 xLabel: "λ (learned mask)", yLabel: "overall accuracy (%)", metric: .overall, xTicks: ticks,
                                 series: LambdaSweep.datasets.map { series($0, "synib-learned", $0) })
        let irony = FigureSpec(file: "ablation-lambda-irony.svg", title: "Digits-irony: irony-subset accuracy vs λ of the learned mask",
                               xLabel: "λ (learned mask)", yLabel: "irony-subset accuracy (%)", metric: .subset("by-construction"),
                               xTicks: ticks, series: [series("digits-irony", "vanilla", "vanilla"),
                                                       series("digits-irony", "synib-learned", "SynIB-learned")])
        return [overall, irony]
    default:
        return []
    }
}

/// `git describe --always --tags` of the working directory's checkout, else the package version.
func codeVersion() -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["git", "describe", "--always", "--tags"]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    if (try? process.run()) != nil {
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        if process.terminationStatus == 0, !text.isEmpty { return "git \(text)" }
    }
    return "package \(packageVersion)"
}

/// The package version, when no git checkout is around.
let packageVersion = "0.6.0"

/// "bench" followed by this process's arguments.
func commandLine() -> String {
    (["bench"] + CommandLine.arguments.dropFirst()).joined(separator: " ")
}

/// Writes `text` to `path`, creating its directory.
func write(_ text: String, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(text.utf8).write(to: url, options: .atomic)
}
