import Datasets
import Foundation
import Harness
import Information
import Objectives
import Reports
import Testing

/// A grid with `ModelPID()`: every cell stores dataset and model PID cards, the report shows
/// the dataset's cards above its table and the model's synergy as a column.
@Suite struct ModelPIDTests {
    static func grid(pid: Bool) -> Grid {
        Grid("model-pid") {
            Seeds(0, 1)
            Dataset(.pidXOR(synergy: 0.5, trainSize: 200, testSize: 400))
            Configure { $0.training.epochs = 20; $0.model = $0.model.withHidden(16) }
            ObjectiveList { .vanilla; .unimodal }
            Subsets(.byConstruction)
            if pid { ModelPID(clusters: 8, bootstrap: 10) }
        }
    }

    static func run(_ grid: Grid) throws -> (Report, [CellRecord]) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("model-pid-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = try RunStore(path: dir.appendingPathComponent("store.sqlite").path)
        let loader = DatasetLoader(dataDirectory: dir, cache: nil, log: { _ in })
        let plan = try Planner.plan(grid, in: .noRealData)
        _ = try Runner(plan: plan, store: store, loader: loader, options: RunOptions(jobs: 1, execution: .inProcess))
            .run(progressInteractive: false)
        return (try Report(plan: plan, store: store), try store.allRecords())
    }

    @Test func cellsStoreCardsAndTheReportShowsThem() throws {
        let (report, records) = try Self.run(Self.grid(pid: true))
        #expect(records.count == 6 && records.allSatisfy { $0.status == .done })
        // Every cell stored its PID (dataset and model cards) in its metrics.
        #expect(records.allSatisfy { $0.metrics?.contains("\"pid\"") == true })
        let dataset = try #require(report.datasets.first)
        let card = try #require(dataset.pidCards.first)
        #expect(dataset.pidSeed == 0)
        #expect(card.discretization.clusters == 8)
        #expect(card.examples == 400)
        let interval = try #require(card.interval)
        #expect(interval.resamples == 10)
        #expect(interval.lower.synergy <= interval.upper.synergy)
        #expect(card.estimate.synergy > 0.05)  // half of PID-XOR's examples are XOR
        // Model PID per row; a unimodal model's predictions depend on one modality only, so
        // the other modality carries no unique information about them.
        let unimodal0 = try #require(report.rows.first { $0.objective == "unimodal-0" }?.modelPID)
        #expect(unimodal0.unique1 < 0.01, "\(unimodal0)")
        #expect(unimodal0.unique0 > 0.03, "\(unimodal0)")  // while its own modality does
        #expect(report.rows.allSatisfy { $0.modelPID != nil && $0.datasetPID == dataset.pidCards })

        let renderer = ReportRenderer(report: report, header: ReportHeader(version: "test", command: "test"))
        let markdown = renderer.markdown()
        #expect(markdown.contains("PID of the test labels"))
        #expect(markdown.contains("| x0 × x1 |"))
        #expect(markdown.contains("Model synergy (bits)"))
        let json = try renderer.json()
        #expect(json.contains("\"model_pid\"") && json.contains("\"dataset_pid\""))
        // The HTML page has the cards' table and the model-synergy column too, with the same values.
        let html = try renderer.render(.html)
        #expect(html.contains("<table class=\"pid\">") && html.contains("PID of the test labels"))
        #expect(html.contains("<th scope=\"row\">x0 × x1</th>"))
        #expect(html.contains("<th scope=\"col\">Model synergy (bits)</th>"))
        for row in report.rows { #expect(html.contains("<td class=\"num\">\(String(format: "%.3f", row.modelPID!.synergy))</td>")) }
        // Byte-stable: the same store renders the same bytes.
        #expect(ReportRenderer(report: report, header: ReportHeader(version: "test", command: "test")).markdown() == markdown)
    }

    @Test func withoutModelPIDNothingChanges() throws {
        let plain = try Planner.plan(Self.grid(pid: false), in: .noRealData)
        let withPID = try Planner.plan(Self.grid(pid: true), in: .noRealData)
        // The PID settings are part of the key only when enabled.
        #expect(Set(plain.cells.map(\.key)).isDisjoint(with: withPID.cells.map(\.key)))
        #expect(plain.cells.allSatisfy { !$0.specJSON.contains("\"pid\"") })
        #expect(withPID.cells.allSatisfy { $0.specJSON.contains("\"clusters\":8") })
    }
}
