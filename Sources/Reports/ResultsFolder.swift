import Foundation
import Harness

/// One grid's results as a folder: `BASE.md`, `BASE.html`, `BASE.json`, `BASE.csv`, `BASE.tex`
/// (every LaTeX table, each with its `\label`), the grid's SVG figures and ``provenanceFile``.
/// The provenance file is the only one that names a code version or the cells' environments
/// (``ReportHeader/provenanceFile``), and it names the code that computed the numbers, not the
/// code that writes the files: writing the folder again from the same store at another commit
/// changes no file, and after rerunning cells whose numbers did not change, only provenance.json.
public struct ResultsFolder: Sendable {
    /// The provenance file's name, next to the report files.
    public static let provenanceFile = "provenance.json"

    /// The folder, as given (relative paths stay relative in the paths ``write(_:figures:)`` returns).
    public let directory: String
    /// The report files' base name (`report` in results/GRID/).
    public let base: String

    /// The folder of `markdownPath`, with its name (without `.md`) as the base name.
    public init(markdownPath: String) {
        let name = (markdownPath as NSString).lastPathComponent
        directory = (markdownPath as NSString).deletingLastPathComponent
        base = name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }

    /// `base` in `directory`.
    public init(directory: String, base: String = "report") {
        self.directory = directory
        self.base = base
    }

    /// The path of `file` in the folder.
    public func path(_ file: String) -> String {
        directory.isEmpty ? file : (directory as NSString).appendingPathComponent(file)
    }

    /// The path of the report file in `format`.
    public func path(_ format: ReportFormat) -> String { path("\(base).\(format.fileExtension)") }

    /// The header of the reports written here: the command, and the provenance file in place of
    /// the code version.
    public static func header(version: String, command: String) -> ReportHeader {
        ReportHeader(version: version, command: command, provenanceFile: provenanceFile)
    }

    /// Writes every file of the folder from `renderer` (whose header should come from
    /// ``header(version:command:)``) and the grid's `figures`; returns the paths written, the
    /// Markdown first and the provenance file last.
    public func write(_ renderer: ReportRenderer, figures: [Figure]) throws -> [String] {
        var renderer = renderer
        renderer.figures = figures.map { ($0.file, $0.title) }
        renderer.inlineFigures = figures
        var paths: [String] = []
        for format in [ReportFormat.md, .latex, .csv, .json] {
            try ResultsFolder.write(try renderer.render(format), to: path(format))
            paths.append(path(format))
        }
        let page = HTMLPage(header: renderer.header, grids: [.init(renderer: renderer, figures: figures, fileBase: base)])
        try ResultsFolder.write(page.text, to: path(.html))
        paths.append(path(.html))
        for figure in figures {
            let file = path(figure.file)
            try ResultsFolder.write(SVGFigure.render(figure, report: renderer.report), to: file)
            paths.append(file)
        }
        let provenance = path(ResultsFolder.provenanceFile)
        try ResultsFolder.write(try ResultsProvenance(renderer: renderer).json(), to: provenance)
        paths.append(provenance)
        return paths
    }

    /// Writes `text` to `path` (atomically), creating its directory; a failure is one
    /// ``HarnessError/file(path:_:)`` naming the path and the system's reason.
    public static func write(_ text: String, to path: String) throws {
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
}

/// `provenance.json` of a results folder: the command that wrote the reports, where their cells
/// ran (each distinct code version, BLAS kernel, CPU and toolchain with its number of cells), the
/// tables that mix code versions or kernels, and each row's code versions and kernels. It names
/// the code that computed the numbers, not the code that wrote the files, so rewriting a folder
/// from the same store at a later commit changes nothing.
struct ResultsProvenance: Encodable {
    /// One distinct environment of the cells.
    struct Environment: Encodable {
        let code: String, blas: String, cpu: String, toolchain: String, cells: Int
    }

    /// One row's cells.
    struct Row: Encodable {
        let dataset: String, objective: String
        let codeVersions: [String]?, blasKernels: [String]?

        enum CodingKeys: String, CodingKey {
            case dataset, objective, codeVersions = "code_versions", blasKernels = "blas_kernels"
        }
    }

    let grid: String
    let command: String
    let environments: [Environment]
    let cellsWithoutEnvironment: Int
    let mixedTables: [String: String]
    let rows: [Row]

    enum CodingKeys: String, CodingKey {
        case grid, command, environments,
             cellsWithoutEnvironment = "cells_without_environment", mixedTables = "mixed_tables", rows
    }

    init(renderer: ReportRenderer) {
        let report = renderer.report
        grid = report.grid
        command = renderer.header.command
        environments = (report.provenance?.environments ?? []).map {
            Environment(code: $0.code, blas: $0.blas, cpu: $0.cpu, toolchain: $0.toolchain, cells: $0.cells)
        }
        cellsWithoutEnvironment = report.provenance?.cellsWithoutEnvironment ?? 0
        mixedTables = report.provenance?.warnings ?? [:]
        rows = report.rows.map { Row(dataset: $0.dataset, objective: $0.objective, codeVersions: $0.codeVersions,
                                     blasKernels: $0.blasKernels) }
    }

    /// Sorted keys, pretty-printed, trailing newline.
    func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }
}
