import Datasets
import Foundation
import Harness
import Objectives
import Reports
import Testing

/// The two use cases as library API, without the command line: ``GridRun`` plans a small grid
/// and runs it in-process into a temporary store, ``GridReport`` writes its results folder, and
/// the tables hold the accuracies the store holds.
@Suite struct GridUseCaseTests {
    static let grid = Grid("use-case") {
        Seeds(0..<2)
        Dataset(.pidXOR(synergy: 0.25, trainSize: 200, testSize: 300))
        Configure { $0.training.epochs = 2; $0.training.batchSize = 32; $0.model = $0.model.withHidden(16) }
        ObjectiveList { .unimodal; .ensemble; .vanilla; .synibRandom }
        Subsets(.byConstruction, .strict)
    }

    @Test func runAGridAndWriteItsReportsThroughTheLibrary() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("grid-use-case-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let storePath = dir.appendingPathComponent("store.sqlite").path
        let context = GridContext(loader: DatasetLoader(dataDirectory: dir, cache: nil, log: { _ in }))

        // Planning honours the selection; a seed the grid lacks is refused by name.
        let plan = try GridRun.plan(Self.grid, in: context)
        #expect(plan.cells.count == 2 * (2 + 1 + 1 + 1))
        #expect(try GridRun.plan(Self.grid, in: context, selection: GridSelection(seeds: [1])).cells.allSatisfy { $0.seed == 1 })
        #expect(throws: GridRunError.seedsNotInGrid(grid: "use-case", asked: [7], present: [0, 1])) {
            _ = try GridRun.plan(Self.grid, in: context, selection: GridSelection(seeds: [7]))
        }

        var lines: [String] = []
        let summary = try GridRun.run(plan, storePath: storePath, loader: context.loader,
                                      options: RunOptions(jobs: 1, failFast: true, execution: .inProcess)) { lines.append($0) }
        #expect(summary.failures.isEmpty && summary.completed == plan.cells.count, "\(lines)")
        #expect(lines.last == summary.text)

        let folder = ResultsFolder(directory: dir.appendingPathComponent("results/use-case").path)
        let reports = try GridReport(plan: plan, storePath: storePath,
                                     header: ResultsFolder.header(version: "test", command: "GridUseCaseTests"))
        let written = try reports.write(to: folder)
        for format in [ReportFormat.md, .latex, .csv, .json, .html] {
            #expect(written.contains(folder.path(format)) && FileManager.default.fileExists(atPath: folder.path(format)), "\(format)")
        }
        #expect(written.first == folder.path(.md) && written.last == folder.path(ResultsFolder.provenanceFile))
        #expect(FileManager.default.fileExists(atPath: folder.path(ResultsFolder.provenanceFile)))

        // The store's accuracies, read cell by cell, are the tables' numbers (mean ± sample std over
        // the two seeds, computed here).
        let store = try RunStore(readingFrom: storePath)
        let dataset = try #require(plan.datasets.first)
        let markdown = try String(contentsOfFile: folder.path(.md), encoding: .utf8)
        let csv = try String(contentsOfFile: folder.path(.csv), encoding: .utf8)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder.path(.json)))) as? [String: Any]
        let jsonRows = try #require(json?["rows"] as? [[String: Any]])
        var means: [String: Double] = [:]
        for row in dataset.rows {
            let records = try store.records(row.keys.map(\.hex))
            let accuracies = try row.keys.map { key in
                try #require(try records[key.hex]?.decodedMetrics()?.evaluation.accuracy, "\(row.objective)")
            }
            #expect(accuracies.count == 2)
            let mean = (accuracies[0] + accuracies[1]) / 2
            let std = abs(accuracies[0] - accuracies[1]) / 2.squareRoot()
            means[row.objective] = mean
            let cell = String(format: "%.1f ± %.1f", 100 * mean, 100 * std)
            let lines = markdown.split(separator: "\n").filter { $0.hasPrefix("| \(row.objective) |") }
            #expect(lines.contains { $0.contains(cell) }, "\(row.objective): \(cell) not in \(lines)")
            #expect(csv.contains(",\(row.objective),0 1,,\(String(format: "%.6f,%.6f", mean, std)),"), "\(row.objective)")
            let jsonRow = try #require(jsonRows.first { $0["objective"] as? String == row.objective })
            #expect(jsonRow["overall_mean"] as? Double == mean)
        }
        // The page of several grids writes a grid's folder next to it when missing and links it.
        let index = dir.appendingPathComponent("site/index.html").path
        let indexWritten = try GridReport.writeIndex(of: [reports], to: index,
                                                     header: ResultsFolder.header(version: "test", command: "GridUseCaseTests"))
        let siteFolder = ResultsFolder(directory: dir.appendingPathComponent("site/use-case").path)
        #expect(indexWritten.first == index && indexWritten.contains(siteFolder.path(.md)))
        #expect(try String(contentsOfFile: index, encoding: .utf8).contains("href=\"use-case/report.html\""))
        #expect(try String(contentsOfFile: siteFolder.path(.md), encoding: .utf8) == markdown)

        // Trained models, not constants: five rows with their own accuracies, none degenerate.
        #expect(means.count == 5 && Set(means.values).count >= 4, "\(means)")
        #expect(means.values.allSatisfy { $0 > 0.3 && $0 < 1 }, "\(means)")
    }
}
